import Foundation
import GRDB
import Testing
import Wearables

@testable import Store

struct HealthConnectExportReaderTests {
    /// Monday 2026-03-02 00:00 UTC in milliseconds.
    static let monday: Int64 = 1_772_409_600_000
    static let minute: Int64 = 60_000

    /// A database shaped like Health Connect's export; `complete: false` leaves out the heart-rate series.
    static func makeExport(complete: Bool = true) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString).db")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE application_info_table (row_id INTEGER PRIMARY KEY, package_name TEXT, app_name TEXT);
                INSERT INTO application_info_table VALUES (1, 'com.google.android.apps.fitness', 'Fit'), (2, 'com.google.android.wearable.healthservices', 'Wear');
                CREATE TABLE heart_rate_record_table (row_id INTEGER PRIMARY KEY, uuid BLOB, start_time INTEGER, start_zone_offset INTEGER, app_info_id INTEGER);
                INSERT INTO heart_rate_record_table VALUES (1, x'00', \(monday), 3600, 2);
                CREATE TABLE steps_record_table (row_id INTEGER PRIMARY KEY, count INTEGER, start_time INTEGER, end_time INTEGER, start_zone_offset INTEGER, app_info_id INTEGER);
                INSERT INTO steps_record_table VALUES (1, 120, \(monday + 5 * minute), \(monday + 7 * minute), 3600, 2),
                    (2, 100, \(monday + 5 * minute), \(monday + 7 * minute), 3600, 1), (3, 'many', \(monday), \(monday + minute), 3600, 1);
                CREATE TABLE sleep_session_record_table (row_id INTEGER PRIMARY KEY, start_time INTEGER, end_time INTEGER);
                INSERT INTO sleep_session_record_table VALUES (1, \(monday + 60 * minute), \(monday + 120 * minute));
                """)
            if complete {
                try db.execute(sql: """
                    CREATE TABLE heart_rate_record_series_table (parent_key INTEGER, epoch_millis INTEGER, beats_per_minute INTEGER);
                    INSERT INTO heart_rate_record_series_table VALUES (1, \(monday), 58), (1, \(monday + minute), 60), (1, \(monday + 2 * minute), 400);
                    """)
            }
        }
        return url
    }

    @Test func readsHeartRateSeriesStepsAndSleepAtTheRecordsOffset() throws {
        let url = try Self.makeExport()
        defer { try? FileManager.default.removeItem(at: url) }
        var resampler = WeekResampler(now: Date(timeIntervalSince1970: 2_000_000_000))
        let summary = try HealthConnectExportReader().read(databaseAt: url, into: &resampler)
        #expect(summary.recordsByTable == ["heart_rate_record_series_table": 3, "steps_record_table": 3, "sleep_session_record_table": 1])
        #expect(summary.apps == ["com.google.android.wearable.healthservices": 4, "com.google.android.apps.fitness": 2])
        let weeks = resampler.weekSeries()
        #expect(resampler.utcOffsetSeconds == 3600)
        #expect(resampler.read == ["heart_rate": 3, "steps": 3])
        #expect(resampler.kept == ["heart_rate": 2, "steps": 1])
        #expect(resampler.dropped == ["heart_rate": ["out_of_range": 1], "steps": ["unparsable": 1, "overlapping_source": 1]])
        // Monday 00:00 UTC is 01:00 local: the week starts on that Monday.
        let week = try #require(weeks.first)
        #expect(weeks.count == 1 && week.start == LocalDate(year: 2026, month: 3, day: 2))
        #expect(abs(week.steps.reduce(0, +) - 120) < 1e-3)
        #expect(week.contextMasks["asleep"]?.filter { $0 }.count == 24)
    }

    @Test func aDatabaseWithoutTheHealthConnectTablesIsRefusedWithWhatItLacks() throws {
        let url = try Self.makeExport(complete: false)
        defer { try? FileManager.default.removeItem(at: url) }
        var resampler = WeekResampler(now: Date())
        #expect(throws: HealthConnectExportReader.Failure.missingTables(["table heart_rate_record_series_table"])) {
            try HealthConnectExportReader().read(databaseAt: url, into: &resampler)
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString).db")
        try Data("SQLite format 3\0 but not really".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        #expect(throws: (any Error).self) { try HealthConnectExportReader().read(databaseAt: garbage, into: &resampler) }
    }

    /// Times and offsets at the limits of SQLite's integers and reals: counted and dropped, never a crash or
    /// a loop over every bin since 1970 (the resampler bounds what one record may cost).
    @Test func timesAndOffsetsAtTheLimitsAreDroppedNotPlaced() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        try DatabaseQueue(path: url.path).write { db in
            try db.execute(sql: """
                CREATE TABLE heart_rate_record_table (row_id INTEGER PRIMARY KEY, start_time INTEGER, start_zone_offset INTEGER);
                INSERT INTO heart_rate_record_table VALUES (1, 0, 9223372036854775807);
                CREATE TABLE heart_rate_record_series_table (parent_key INTEGER, epoch_millis INTEGER, beats_per_minute INTEGER);
                INSERT INTO heart_rate_record_series_table VALUES (1, -9223372036854775808, 60), (1, -1e300, 60), (1, 9e999, 60), (1, \(Self.monday), 61);
                CREATE TABLE steps_record_table (row_id INTEGER PRIMARY KEY, count INTEGER, start_time INTEGER, end_time INTEGER);
                INSERT INTO steps_record_table VALUES (1, 100, 0, \(Self.monday)), (2, 5, -9223372036854775808, -9223372036854775808);
                CREATE TABLE sleep_session_record_table (row_id INTEGER PRIMARY KEY, start_time INTEGER, end_time INTEGER);
                INSERT INTO sleep_session_record_table VALUES (1, -1e300, \(Self.monday)), (2, 0, 9223372036854775807);
                """)
        }
        var resampler = WeekResampler(now: Date(timeIntervalSince1970: 2_000_000_000))
        _ = try HealthConnectExportReader().read(databaseAt: url, into: &resampler)
        #expect(resampler.utcOffsetSeconds == 0 && resampler.notedOffsets.isEmpty)
        #expect(resampler.kept == ["heart_rate": 1])
        #expect(resampler.dropped == ["heart_rate": ["out_of_range": 2, "future_date": 1], "steps": ["invalid_interval": 1, "out_of_range": 1]])
        let weeks = resampler.weekSeries()
        #expect(weeks.count == 1 && weeks[0].contextMasks["asleep"]?.contains(true) == false)
    }
}
