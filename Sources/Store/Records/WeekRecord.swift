import Foundation
import GRDB

/// A row of `weeks`: one user-week, its series compressed (see `SeriesCodec`).
public struct WeekRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    public var userId: Int64
    /// The Monday the week starts on, local time, `YYYY-MM-DD`.
    public var startLocal: String
    public var utcOffsetSeconds: Int
    public var binCount: Int
    /// Comma-separated channel names in storage order.
    public var channels: String
    /// zlib(float32 LE, channel-major).
    public var series: Data
    public var coverage: Double
    public var lowCoverage: Bool
    public var uploadId: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, userId: Int64, startLocal: String, utcOffsetSeconds: Int, binCount: Int,
        channels: String, series: Data, coverage: Double, lowCoverage: Bool, uploadId: Int64? = nil,
        createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.userId = userId
        self.startLocal = startLocal
        self.utcOffsetSeconds = utcOffsetSeconds
        self.binCount = binCount
        self.channels = channels
        self.series = series
        self.coverage = coverage
        self.lowCoverage = lowCoverage
        self.uploadId = uploadId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension WeekRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "weeks"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let id = Column("id")
        public static let userId = Column("user_id")
        public static let startLocal = Column("start_local")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
