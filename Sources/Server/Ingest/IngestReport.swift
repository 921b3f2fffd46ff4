import Foundation
import Store
import Wearables

/// What an ingest read, kept and dropped, and what it did to the wearer's weeks; stored with the upload
/// and answered by `GET /api/v1/uploads/{id}`. Encoded with its own snake_case keys and a plain encoder:
/// its dictionaries are keyed by names from the export (sources, record types), which a key strategy
/// would mangle.
public struct IngestReport: Codable, Sendable, Equatable {
    public struct Device: Codable, Sendable, Equatable {
        public var family: String
        public var identifier: String
        public var name: String
        public var generation: Int?

        enum CodingKeys: String, CodingKey {
            case family, identifier, name, generation
        }

        init(_ device: DeviceModel) {
            family = device.family.rawValue
            identifier = device.identifier
            name = device.name
            generation = device.generation
        }
    }

    public struct Week: Codable, Sendable, Equatable {
        public var start: String
        public var weekId: Int64?
        /// created, updated or unchanged.
        public var state: String?
        public var coverage: Double
        public var lowCoverage: Bool

        enum CodingKeys: String, CodingKey {
            case start, state, coverage
            case weekId = "week_id"
            case lowCoverage = "low_coverage"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, kept, dropped, contexts, device, sex, weeks, warnings
        case fileBytes = "file_bytes"
        case recordsRead = "records_read"
        case recordsReadBySource = "records_read_by_source"
        case recordsByType = "records_by_type"
        case utcOffsetSeconds = "utc_offset_seconds"
        case birthYear = "birth_year"
        case userId = "user_id"
        case userCreated = "user_created"
    }

    public var format: String
    public var fileBytes: Int64
    /// Records read per kind (`heart_rate`, `steps`), kept or not.
    public var recordsRead: [String: Int] = [:]
    /// Records read per device or app.
    public var recordsReadBySource: [String: Int] = [:]
    /// Every record type the export holds, used or not (Apple Health `type`, FIT message names).
    public var recordsByType: [String: Int] = [:]
    public var kept: [String: Int] = [:]
    /// Dropped records per kind and reason (`out_of_range`, `duplicate`, `overlapping_source`,
    /// `future_date`, `unparsable`, `invalid_interval`).
    public var dropped: [String: [String: Int]] = [:]
    /// Context intervals read (`asleep`, `workout`).
    public var contexts: [String: Int] = [:]
    public var utcOffsetSeconds: Int
    public var device: Device?
    public var birthYear: Int?
    public var sex: String?
    public var weeks: [Week] = []
    public var warnings: [String] = []
    public var userId: Int64?
    public var userCreated: Bool?

    /// The counts of `resampler` (after `weekSeries()`).
    mutating func take(_ resampler: WeekResampler) {
        recordsRead = resampler.read
        recordsReadBySource = resampler.readBySource
        kept = resampler.kept.filter { $0.value > 0 }
        dropped = resampler.dropped
        contexts = resampler.contexts
        utcOffsetSeconds = resampler.utcOffsetSeconds
        if resampler.notedOffsets.count > 1 {
            warnings.append(
                "the export states \(resampler.notedOffsets.count) UTC offsets (\(resampler.notedOffsets.sorted().map { String($0 / 60) }.joined(separator: ", ")) minutes); all samples were placed at the first, \(resampler.utcOffsetSeconds / 60) minutes")
        }
    }

    /// This report with the weeks as stored.
    func finished(with stored: StoredIngest) -> IngestReport {
        var report = self
        report.take(stored)
        return report
    }

    /// The weeks as stored.
    mutating func take(_ stored: StoredIngest) {
        userId = stored.userID
        userCreated = stored.userCreated
        weeks = stored.weeks.map {
            Week(start: $0.start.description, weekId: $0.weekID, state: $0.state.rawValue, coverage: $0.coverage, lowCoverage: $0.lowCoverage)
        }
    }

    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> IngestReport {
        try JSONDecoder().decode(IngestReport.self, from: Data(text.utf8))
    }
}
