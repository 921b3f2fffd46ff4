import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import ZIPFoundation

@testable import Server

/// Every export format through `POST /api/v1/uploads`, from the real third-party files in
/// `../shared/fixtures/exports` and from archives built here, with the counts their reports must give.
@Suite(.serialized)
struct UploadFormatTests {
    struct Upload: Decodable {
        struct Report: Decodable {
            struct Device: Decodable { let family: String; let identifier: String; let name: String; let generation: Int? }
            let format: String
            let records_read: [String: Int]
            let records_by_type: [String: Int]
            let kept: [String: Int]
            let dropped: [String: [String: Int]]
            let contexts: [String: Int]
            let utc_offset_seconds: Int
            let device: Device?
            let birth_year: Int?
            let sex: String?
            let weeks: [UploadRouteTests.Upload.Report.Week]
            let warnings: [String]
        }
        let id: Int64
        let report: Report?
    }

    static func shared(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/fixtures/exports/\(name)").standardized)
    }

    static func zip(_ entries: [(path: String, data: Data)]) throws -> Data {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-upload-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: url) }
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try Data(contentsOf: url)
    }

    /// Uploads `body` for `user` and waits for the ingest; the response and the decoded upload.
    func send(_ body: Data, user: String, query: String = "", server: TestServer, client: some TestClientProtocol) async throws -> (TestResponse, Upload?) {
        let response = try await client.execute(
            uri: "/api/v1/uploads?user=\(user)&wait=60\(query)", method: .post, headers: server.headers(.upload), body: ByteBuffer(data: body))
        return (response, response.status == .created ? try response.json(Upload.self) : nil)
    }

    @Test func appleHealthZipAndBareXMLFromRealExports() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            let (response, upload) = try await send(try Self.shared("apple-watch6-export.zip"), user: "apple", server: server, client: client)
            #expect(response.status == .created, "\(response.text)")
            let report = try #require(upload?.report)
            #expect(report.format == "apple_health" && report.utc_offset_seconds == 7200)
            #expect(report.records_read == ["heart_rate": 2] && report.kept == ["heart_rate": 2] && report.contexts == ["asleep": 1])
            #expect(report.records_by_type["HKQuantityTypeIdentifierHeartRate"] == 2 && report.records_by_type["HKCategoryTypeIdentifierSleepAnalysis"] == 2)
            #expect(report.device?.identifier == "Watch6,7" && report.device?.generation == 8)
            #expect(report.birth_year == 1990 && report.sex == "male")
            #expect(report.weeks.count == 1)
            let user = try await server.database.user(externalID: "apple")
            #expect(user.record.deviceModel == "Watch6,7" && user.record.source == "apple_health" && user.record.birthYear == 1990)

            // A Russian export with height and weight only: refused with the record types it holds.
            let (refused, _) = try await send(try Self.shared("apple-ru-locale-export.xml"), user: "ru", server: server, client: client)
            #expect(refused.status == .unprocessableContent)
            let message = try refused.json(ErrorEnvelope.self).error.message
            #expect(message.contains("no heart-rate or step sample") && message.contains("HKQuantityTypeIdentifierHeight 1"), "\(message)")
        }
    }

    @Test func garminFITFilesAloneAndZippedTogether() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        let walk = try Self.shared("garmin-fenix5-walk.fit")
        let monitoring = try Self.shared("garmin-vivofit-monitoring.fit")
        try await server.application.test(.router) { client in
            let (response, upload) = try await send(walk, user: "fenix", server: server, client: client)
            #expect(response.status == .created, "\(response.text)")
            let report = try #require(upload?.report)
            #expect(report.format == "garmin_fit" && report.kept == ["heart_rate": 17] && report.utc_offset_seconds == -25200)
            #expect(report.device?.name == "Garmin fenix 5" && report.records_by_type["fit:record"] == 17)

            let both = try Self.zip([("GARMIN/ACTIVITY/walk.fit", walk), ("GARMIN/MONITOR/day.fit", monitoring), ("GARMIN/readme.txt", Data("x".utf8))])
            let (zipped, zippedUpload) = try await send(both, user: "garmin-zip", server: server, client: client)
            #expect(zipped.status == .created, "\(zipped.text)")
            let zipReport = try #require(zippedUpload?.report)
            #expect(zipReport.kept == ["heart_rate": 17, "steps": 79])
            #expect(zipReport.records_by_type["fit:monitoring"] == 337)
            #expect(zipReport.weeks.map(\.start) == ["2014-12-22", "2017-06-05"])
        }
    }

    @Test func googleTakeoutFitUsesTheRawStreamsAndSaysWhichItSkipped() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        let raw = GoogleFitFiles.stream(
            source: "raw:com.google.heart_rate.bpm:com.mobvoi.companion:Mobvoi:TicWatch Pro 3:1a2b:", type: "com.google.heart_rate.bpm",
            values: [(0, "\"fpVal\": 61.0"), (60, "\"fpVal\": 65.0")])
        let merged = GoogleFitFiles.stream(
            source: "derived:com.google.heart_rate.bpm:com.google.android.gms:merge_heart_rate_bpm", type: "com.google.heart_rate.bpm",
            values: [(0, "\"fpVal\": 61.0"), (60, "\"fpVal\": 65.0")])
        let steps = GoogleFitFiles.stream(
            source: "derived:com.google.step_count.delta:com.google.android.gms:merge_step_deltas", type: "com.google.step_count.delta",
            values: [(600, "\"intVal\": 80")])
        let takeout = try Self.zip([
            ("Takeout/Fit/All Data/raw_com.google.heart_rate.bpm_com.mobvoi.json", raw),
            ("Takeout/Fit/All Data/derived_com.google.heart_rate.bpm_merged.json", merged),
            ("Takeout/Fit/All Data/derived_com.google.step_count.delta_merged.json", steps),
            ("Takeout/Fit/Daily activity metrics/2026-03-02.csv", Data("Date,Steps\n".utf8)),
        ])
        try await server.application.test(.router) { client in
            let (response, upload) = try await send(takeout, user: "wearos", query: "&utc_offset=1", server: server, client: client)
            #expect(response.status == .created, "\(response.text)")
            let report = try #require(upload?.report)
            #expect(report.format == "google_fit_takeout" && report.utc_offset_seconds == 3600)
            #expect(report.records_read == ["heart_rate": 2, "steps": 1] && report.kept == ["heart_rate": 2, "steps": 1])
            #expect(report.records_by_type == ["com.google.heart_rate.bpm": 4, "com.google.step_count.delta": 1])
            #expect(report.warnings.contains { $0.hasPrefix("skipped heart_rate stream derived:com.google.heart_rate.bpm") })
            #expect(report.warnings.contains { $0.hasPrefix("used steps stream derived:com.google.step_count.delta") }, "no raw steps: the merged stream is used")
        }
    }

    @Test func healthConnectAndFitbitArchives() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: database) }
        let monday: Int64 = 1_772_409_600_000
        try await DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: """
                CREATE TABLE heart_rate_record_table (row_id INTEGER PRIMARY KEY, start_zone_offset INTEGER);
                INSERT INTO heart_rate_record_table VALUES (1, 7200);
                CREATE TABLE heart_rate_record_series_table (parent_key INTEGER, epoch_millis INTEGER, beats_per_minute INTEGER);
                INSERT INTO heart_rate_record_series_table VALUES (1, \(monday), 58), (1, \(monday + 60_000), 59);
                CREATE TABLE steps_record_table (row_id INTEGER PRIMARY KEY, count INTEGER, start_time INTEGER, end_time INTEGER);
                INSERT INTO steps_record_table VALUES (1, 30, \(monday), \(monday + 60_000));
                """)
        }
        let healthConnect = try Self.zip([("Health Connect/health_connect_export.db", try Data(contentsOf: database))])
        let heart = #"[{"dateTime" : "03/02/26 08:00:00", "value" : {"bpm" : 70, "confidence" : 2}}, {"dateTime" : "03/02/26 08:00:10", "value" : {"bpm" : 500, "confidence" : 0}}]"#
        let fitbitSteps = #"[{"dateTime" : "03/02/26 08:00:00", "value" : "51"}]"#
        let calories = #"[{"dateTime" : "03/02/26 08:00:00", "value" : "1.2"}]"#
        let fitbit = try Self.zip([
            ("MyFitbitData/Alice/Physical Activity/heart_rate-2026-03-02.json", Data(heart.utf8)),
            ("MyFitbitData/Alice/Physical Activity/steps-2026-03-02.json", Data(fitbitSteps.utf8)),
            ("MyFitbitData/Alice/Physical Activity/calories-2026-03-02.json", Data(calories.utf8)),
        ])
        try await server.application.test(.router) { client in
            let (response, upload) = try await send(healthConnect, user: "hc", server: server, client: client)
            #expect(response.status == .created, "\(response.text)")
            let report = try #require(upload?.report)
            #expect(report.format == "health_connect" && report.utc_offset_seconds == 7200 && report.kept == ["heart_rate": 2, "steps": 1])

            let (fitbitResponse, fitbitUpload) = try await send(fitbit, user: "fitbit", query: "&utc_offset=-5", server: server, client: client)
            #expect(fitbitResponse.status == .created, "\(fitbitResponse.text)")
            let fitbitReport = try #require(fitbitUpload?.report)
            #expect(fitbitReport.format == "fitbit" && fitbitReport.utc_offset_seconds == -18000)
            #expect(fitbitReport.kept == ["heart_rate": 1, "steps": 1] && fitbitReport.dropped == ["heart_rate": ["out_of_range": 1]])
        }
    }

    @Test func damagedArchivesAndZipBombsAreRefusedAndStoreNothing() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        let apple = try Self.shared("apple-watch6-export.zip")
        let bomb = try Self.zip([("apple_health_export/export.xml", Data("<HealthData locale=\"en\">".utf8) + Data(count: 24 << 20))])
        try await server.application.test(.router) { client in
            let (truncated, _) = try await send(apple.prefix(apple.count / 2), user: "truncated", server: server, client: client)
            #expect(truncated.status == .unprocessableContent, "\(truncated.text)")
            let (exploded, _) = try await send(bomb, user: "bomb", server: server, client: client)
            #expect(exploded.status == .unprocessableContent, "\(exploded.text)")
            #expect(try exploded.json(ErrorEnvelope.self).error.message.contains("200 times its compressed size"), "\(exploded.text)")
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
        for user in ["truncated", "bomb"] {
            await #expect(throws: (any Error).self) { try await server.database.user(externalID: user) }
        }
    }
}

/// Google Fit `All Data` stream files for tests.
enum GoogleFitFiles {
    /// Monday 2026-03-02 00:00 UTC in nanoseconds.
    static let monday: Int64 = 1_772_409_600 * 1_000_000_000

    /// A stream whose points start `seconds` after `monday` and last a minute.
    static func stream(source: String, type: String, values: [(seconds: Int64, value: String)]) -> Data {
        let points = values.map { point in
            let start = monday + point.seconds * 1_000_000_000
            return #"{"fitValue": [{"value": {\#(point.value)}}], "endTimeNanos": \#(start + 60_000_000_000), "dataTypeName": "\#(type)", "startTimeNanos": \#(start)}"#
        }
        return Data("{\"Data Source\": \"\(source)\", \"Data Points\": [\(points.joined(separator: ","))]}".utf8)
    }
}
