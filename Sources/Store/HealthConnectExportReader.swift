import Foundation
import GRDB
import Wearables

/// Reads the SQLite database inside an Android Health Connect export (`health_connect_export.db`).
///
/// Heart rate: `heart_rate_record_series_table` (`parent_key`, `epoch_millis`, `beats_per_minute`)
/// under `heart_rate_record_table` (`row_id`, optionally `start_zone_offset`, `app_info_id`,
/// `device_info_id`). Steps: `steps_record_table` (`count`, `start_time`, `end_time` in milliseconds since
/// 1970 UTC). Sleep and workouts, when their tables are there: `sleep_session_record_table` and
/// `exercise_session_record_table` (`start_time`, `end_time`). The app that wrote a record names its
/// source (`application_info_table`: `row_id`, `package_name`/`app_name`). The database is opened read-only,
/// and its tables and columns are checked before any row is trusted: a file without the required ones
/// is refused with what it lacks.
public struct HealthConnectExportReader {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notADatabase(String)
        case missingTables([String])

        public var description: String {
            switch self {
            case .notADatabase(let reason): "not a readable SQLite database: \(reason)"
            case .missingTables(let missing):
                "not a Health Connect export: the database lacks \(missing.joined(separator: ", "))"
            }
        }
    }

    public struct Summary: Sendable, Equatable {
        /// Rows per table read.
        public var recordsByTable: [String: Int] = [:]
        /// Apps that wrote heart-rate or step records, by package name, with their record counts.
        public var apps: [String: Int] = [:]
        public var warnings: [String] = []
    }

    static let required: [String: [String]] = [
        "heart_rate_record_table": ["row_id"],
        "heart_rate_record_series_table": ["parent_key", "epoch_millis", "beats_per_minute"],
        "steps_record_table": ["count", "start_time", "end_time"],
    ]

    public init() {}

    /// Feeds the database's heart rate, steps, sleep and workouts to `sink`.
    public func read(databaseAt url: URL, into sink: inout some SampleSink) throws -> Summary {
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
        } catch {
            throw Failure.notADatabase("\(error)")
        }
        return try queue.read { db in try read(db, into: &sink) }
    }

    private func read(_ db: Database, into sink: inout some SampleSink) throws -> Summary {
        let columns = try Self.columns(db)
        var missing: [String] = []
        for (table, needed) in Self.required.sorted(by: { $0.key < $1.key }) {
            guard let present = columns[table] else {
                missing.append("table \(table)")
                continue
            }
            missing += needed.filter { !present.contains($0) }.map { "column \(table).\($0)" }
        }
        guard missing.isEmpty else { throw Failure.missingTables(missing) }
        var summary = Summary()
        let apps = try appNames(db, columns: columns)
        let heartColumns = columns["heart_rate_record_table"] ?? []
        let stepColumns = columns["steps_record_table"] ?? []

        if let offset = try firstOffset(db, columns: columns) { sink.noteUTCOffset(offset) }

        let appColumn = heartColumns.contains("app_info_id") ? "r.app_info_id" : "NULL"
        let heartRows = try Row.fetchCursor(
            db,
            sql: """
                SELECT s.epoch_millis, s.beats_per_minute, \(appColumn) AS app FROM heart_rate_record_series_table s
                JOIN heart_rate_record_table r ON r.row_id = s.parent_key ORDER BY s.epoch_millis
                """)
        var heartCount = 0
        while let row = try heartRows.next() {
            heartCount += 1
            let source = Self.source(row["app"], apps: apps)
            summary.apps[source, default: 0] += 1
            guard let millis = Self.number(row, "epoch_millis"), let bpm = Self.number(row, "beats_per_minute") else {
                sink.countUnparsable(kind: .heartRate)
                continue
            }
            sink.add(RawSample(
                kind: .heartRate, start: Date(timeIntervalSince1970: millis / 1000), value: bpm, source: source,
                priority: Self.priority(source)))
        }
        summary.recordsByTable["heart_rate_record_series_table"] = heartCount

        let stepApp = stepColumns.contains("app_info_id") ? "app_info_id" : "NULL"
        let stepRows = try Row.fetchCursor(db, sql: "SELECT count, start_time, end_time, \(stepApp) AS app FROM steps_record_table ORDER BY start_time")
        var stepCount = 0
        while let row = try stepRows.next() {
            stepCount += 1
            let source = Self.source(row["app"], apps: apps)
            summary.apps[source, default: 0] += 1
            guard let count = Self.number(row, "count"), let start = Self.number(row, "start_time"), let end = Self.number(row, "end_time") else {
                sink.countUnparsable(kind: .steps)
                continue
            }
            sink.add(RawSample(
                kind: .steps, start: Date(timeIntervalSince1970: start / 1000), end: Date(timeIntervalSince1970: end / 1000),
                value: count, source: source, priority: Self.priority(source)))
        }
        summary.recordsByTable["steps_record_table"] = stepCount

        for (table, context) in [("sleep_session_record_table", "asleep"), ("exercise_session_record_table", "workout")] {
            guard let present = columns[table], present.contains("start_time"), present.contains("end_time") else { continue }
            let rows = try Row.fetchCursor(db, sql: "SELECT start_time, end_time FROM \(table)")
            var count = 0
            while let row = try rows.next() {
                count += 1
                guard let start = Self.number(row, "start_time"), let end = Self.number(row, "end_time") else { continue }
                sink.addContext(context, start: Date(timeIntervalSince1970: start / 1000), end: Date(timeIntervalSince1970: end / 1000))
            }
            summary.recordsByTable[table] = count
        }
        return summary
    }

    /// Column names of every table.
    static func columns(_ db: Database) throws -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
            result[table] = Set(try db.columns(in: table).map(\.name))
        }
        return result
    }

    /// App names by `application_info_table.row_id`, when the table is there.
    private func appNames(_ db: Database, columns: [String: Set<String>]) throws -> [Int64: String] {
        guard let present = columns["application_info_table"], present.contains("row_id") else { return [:] }
        let nameColumn = present.contains("package_name") ? "package_name" : present.contains("app_name") ? "app_name" : nil
        guard let nameColumn else { return [:] }
        var names: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT row_id, \(nameColumn) AS name FROM application_info_table") {
            if let id = row["row_id"] as Int64?, let name = row["name"] as String? { names[id] = name }
        }
        return names
    }

    /// The zone offset (seconds) of the first heart-rate or step record that states one.
    private func firstOffset(_ db: Database, columns: [String: Set<String>]) throws -> Int? {
        for table in ["heart_rate_record_table", "steps_record_table"] where columns[table]?.contains("start_zone_offset") == true {
            if let offset = try Int.fetchOne(db, sql: "SELECT start_zone_offset FROM \(table) WHERE start_zone_offset IS NOT NULL LIMIT 1") {
                return offset
            }
        }
        return nil
    }

    /// A column's value when SQLite stores it as a number; text (which SQLite would read as 0) is nil.
    static func number(_ row: Row, _ column: String) -> Double? {
        switch (row[column] as DatabaseValue).storage {
        case .int64(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    static func source(_ appID: Int64?, apps: [Int64: String]) -> String {
        appID.flatMap { apps[$0] } ?? "health_connect"
    }

    /// Apps of watch makers write what the watch counted; the rest (Google Fit on the phone, Samsung
    /// Health) may count the phone's steps.
    static func priority(_ source: String) -> Int {
        let lower = source.lowercased()
        let wearables = ["wear", "watch", "fitbit", "garmin", "mobvoi", "polar", "withings", "oura", "amazfit", "zepp"]
        return wearables.contains(where: lower.contains) ? RawSample.wearablePriority : RawSample.otherPriority
    }
}
