import Foundation
import GRDB
import Wearables

/// A row of `users`: one wearer and the metadata their export carried.
public struct UserRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    public var externalId: String
    public var birthYear: Int?
    public var sex: String
    public var deviceFamily: String
    public var deviceModel: String
    public var deviceName: String
    public var deviceGeneration: Int?
    public var source: String
    public var split: String
    public var createdAt: Date

    public init(profile: UserProfile, createdAt: Date = Date()) {
        self.id = nil
        self.externalId = profile.externalID
        self.birthYear = profile.birthYear
        self.sex = profile.sex.rawValue
        self.deviceFamily = profile.device.family.rawValue
        self.deviceModel = profile.device.identifier
        self.deviceName = profile.device.name
        self.deviceGeneration = profile.device.generation
        self.source = profile.source.rawValue
        self.split = profile.split.rawValue
        self.createdAt = createdAt
    }
}

extension UserRecord {
    mutating func setDevice(_ device: DeviceModel) {
        deviceFamily = device.family.rawValue
        deviceModel = device.identifier
        deviceName = device.name
        deviceGeneration = device.generation
    }
}

extension UserRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "users"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let id = Column("id")
        public static let externalId = Column("external_id")
        public static let split = Column("split")
        public static let deviceModel = Column("device_model")
        public static let deviceFamily = Column("device_family")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
