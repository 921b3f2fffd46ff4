import GRDB

/// A row of `user_labels`: one outcome label of one user (0/1 or a number).
public struct UserLabelRecord: Codable, Hashable, Sendable {
    public var userId: Int64
    public var name: String
    public var value: Double

    public init(userId: Int64, name: String, value: Double) {
        self.userId = userId
        self.name = name
        self.value = value
    }
}

extension UserLabelRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "user_labels"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let userId = Column("user_id")
        public static let name = Column("name")
    }
}
