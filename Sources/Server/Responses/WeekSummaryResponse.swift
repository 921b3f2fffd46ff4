import Foundation
import Hummingbird
import Store
import Wearables

/// A week without its series, as listings show it.
struct WeekSummaryResponse: ResponseEncodable, Sendable {
    let id: Int64
    let userId: Int64
    let userExternalId: String
    let split: String
    let deviceModel: String
    let startLocal: String
    let startUtc: Date
    let utcOffsetSeconds: Int
    let binCount: Int
    let binSeconds: Double
    let channels: [String]
    let coverage: Double
    let lowCoverage: Bool
    let contextMasks: [String]
    /// The week's own labels; its wearer's are on the user.
    let labels: [String: Double]
    let uploadId: Int64?

    init(_ week: StoredWeekSummary) {
        self.id = week.id
        self.userId = week.userID
        self.userExternalId = week.userExternalID
        self.split = week.split
        self.deviceModel = week.deviceModel
        self.startLocal = week.start.description
        self.startUtc = WeekReference.startUTC(week) ?? Date(timeIntervalSince1970: -Double(week.utcOffsetSeconds))
        self.utcOffsetSeconds = week.utcOffsetSeconds
        self.binCount = week.binCount
        self.binSeconds = WeekGrid.binSeconds
        self.channels = week.channels
        self.coverage = week.coverage
        self.lowCoverage = week.lowCoverage
        self.contextMasks = week.contextMaskNames
        self.labels = week.labels
        self.uploadId = week.uploadID
    }

    enum CodingKeys: String, CodingKey {
        case id, split, channels, coverage, labels
        case userId = "user_id"
        case userExternalId = "user_external_id"
        case deviceModel = "device_model"
        case startLocal = "start_local"
        case startUtc = "start_utc"
        case utcOffsetSeconds = "utc_offset_seconds"
        case binCount = "bin_count"
        case binSeconds = "bin_seconds"
        case lowCoverage = "low_coverage"
        case contextMasks = "context_masks"
        case uploadId = "upload_id"
    }
}
