import Foundation
import Hummingbird
import Store

/// A user as the API shows it.
struct UserResponse: ResponseEncodable, Sendable {
    struct Device: Encodable, Sendable {
        let family: String
        let model: String
        let name: String
        let generation: Int?

        enum CodingKeys: String, CodingKey { case family, model, name, generation }
    }

    let id: Int64
    let externalId: String
    let birthYear: Int?
    let sex: String
    let device: Device
    let source: String
    let split: String
    let labels: [String: Double]
    let weekCount: Int
    let createdAt: Date

    init(_ user: StoredUser) {
        let record = user.record
        self.id = user.id
        self.externalId = record.externalId
        self.birthYear = record.birthYear
        self.sex = record.sex
        self.device = Device(
            family: record.deviceFamily, model: record.deviceModel, name: record.deviceName,
            generation: record.deviceGeneration)
        self.source = record.source
        self.split = record.split
        self.labels = user.labels
        self.weekCount = user.weekCount
        self.createdAt = record.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, sex, device, source, split, labels
        case externalId = "external_id"
        case birthYear = "birth_year"
        case weekCount = "week_count"
        case createdAt = "created_at"
    }
}
