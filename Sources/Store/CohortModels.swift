import Foundation
import Wearables

/// A user with their labels and how many weeks they have.
public struct StoredUser: Sendable, Hashable {
    public var record: UserRecord
    public var labels: [String: Double]
    public var weekCount: Int

    public var id: Int64 { record.id ?? 0 }
}

/// A week without its series: what a listing shows.
public struct StoredWeekSummary: Sendable, Hashable {
    public var id: Int64
    public var userID: Int64
    public var userExternalID: String
    public var split: String
    public var deviceModel: String
    public var start: LocalDate
    public var utcOffsetSeconds: Int
    public var binCount: Int
    public var channels: [String]
    public var coverage: Double
    public var lowCoverage: Bool
    public var contextMaskNames: [String]
    /// The week's own labels (not its wearer's), by name.
    public var labels: [String: Double]
    public var uploadID: Int64?
    public var createdAt: Date
    public var updatedAt: Date
}

/// A week with its decoded series and masks.
public struct StoredWeek: Sendable {
    public var summary: StoredWeekSummary
    public var series: WeekSeries
}
