import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing

@testable import Server

/// `POST /api/v1/uploads` and `GET /api/v1/uploads/{id}`: streamed bodies, format by content, ingest
/// jobs with reports, duplicates, and refusals that store nothing.
struct UploadRouteTests {
    struct Upload: Decodable {
        struct Report: Decodable {
            struct Week: Decodable {
                let start: String
                let state: String?
                let coverage: Double
                let week_id: Int64?
            }
            let format: String
            let records_read: [String: Int]
            let records_read_by_source: [String: Int]
            let kept: [String: Int]
            let dropped: [String: [String: Int]]
            let utc_offset_seconds: Int
            let weeks: [Week]
            let user_created: Bool?
        }
        let id: Int64
        let user: String?
        let state: String
        let bytes: Int64
        let bytes_processed: Int64
        let records_processed: Int?
        let sha256: String
        let duplicate_of: Int64?
        let report: Report?
    }

    /// Monday 2026-03-02 at UTC+1: six readable heart rates (one a repeat, one 400 bpm), a row with an
    /// unreadable time, steps in two rows.
    static let csv = """
        timestamp,heart_rate,steps
        2026-03-02T08:00:00+01:00,61,
        2026-03-02T08:01:00+01:00,62,30
        2026-03-02T08:01:00+01:00,62,
        2026-03-02T08:02:00+01:00,400,
        yesterday,70,
        2026-03-03T09:00:00+01:00,75,12
        2026-03-09T09:00:00+01:00,64,

        """

    func makeServer(limit: Int64 = 1 << 20) throws -> (TestServer, InspectionServices, URL) {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-upload-test-\(UUID().uuidString)")
        var limits = InspectionServices.Limits()
        limits.maximumUploadBytes = limit
        return (server, InspectionServices(database: server.database, limits: limits, uploadDirectory: directory), directory)
    }

    func leftoverFiles(_ directory: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    }

    @Test func aCSVExportBecomesWeeksWithAReportThatCountsEveryRecordAndTheSameBytesAgainChangeNothing() async throws {
        let (server, services, directory) = try makeServer()
        let app = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/uploads?user=csv-wearer&sex=female&birth_year=1984&wait=30&filename=export.csv", method: .post,
                headers: server.headers(.upload), body: ByteBuffer(string: Self.csv))
            #expect(response.status == .created, "\(response.text)")
            let upload = try response.json(Upload.self)
            let report = try #require(upload.report)
            #expect(upload.state == "succeeded" && upload.user == "csv-wearer" && upload.bytes == Int64(Self.csv.utf8.count))
            #expect(upload.bytes_processed == upload.bytes && upload.records_processed == 9)
            #expect(report.format == "csv" && report.utc_offset_seconds == 3600 && report.user_created == true)
            #expect(report.records_read == ["heart_rate": 7, "steps": 2])
            #expect(report.kept == ["heart_rate": 4, "steps": 2])
            #expect(report.dropped == ["heart_rate": ["duplicate": 1, "out_of_range": 1, "unparsable": 1]])
            #expect(report.weeks.map(\.start) == ["2026-03-02", "2026-03-09"] && report.weeks.allSatisfy { $0.state == "created" })
            // 08:00 and 08:01 share one 147.65625 s bin.
            let expectedCoverage: [Double] = [2.0 / 4096, 1.0 / 4096]
            #expect(report.weeks.map(\.coverage) == expectedCoverage)
            #expect(leftoverFiles(directory).isEmpty, "the received file is removed once ingested")

            let fetched = try await client.execute(uri: "/api/v1/uploads/\(upload.id)", method: .get, headers: server.headers(.read))
            #expect(fetched.status == .ok)
            #expect(try fetched.json(Upload.self).report?.kept == report.kept)

            let user = try await server.database.user(externalID: "csv-wearer")
            #expect(user.record.sex == "female" && user.record.birthYear == 1984 && user.weekCount == 2)

            let again = try await client.execute(
                uri: "/api/v1/uploads?user=csv-wearer&wait=30", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: Self.csv))
            #expect(again.status == .ok)
            #expect(try again.json(Upload.self).duplicate_of == upload.id)
            #expect(try await server.database.uploads(externalID: "csv-wearer", limit: 10).count == 1)
        }
    }

    @Test func withoutWaitTheUploadAnswers202AndItsStateCanBeFollowedToTheEnd() async throws {
        let (server, services, _) = try makeServer()
        let app = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/uploads?user=later", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: Self.csv))
            #expect(response.status == .accepted || response.status == .created)
            let id = try response.json(Upload.self).id
            var state = ""
            for _ in 0..<200 where state != "succeeded" {
                let fetched = try await client.execute(uri: "/api/v1/uploads/\(id)", method: .get, headers: server.headers(.read))
                state = try fetched.json(Upload.self).state
                if state != "succeeded" { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(state == "succeeded")
        }
    }

    @Test func filesOfAnotherKindEmptyBodiesAndMissingUsersAreRefusedBeforeAnyJob() async throws {
        let (server, services, directory) = try makeServer()
        let app = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        try await app.test(.router) { client in
            let png = ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64))
            let refused = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.upload), body: png)
            #expect(refused.status == .unsupportedMediaType)
            #expect(try refused.json(ErrorEnvelope.self).error.message.contains("PNG image"))
            let garbage = ByteBuffer(bytes: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
            let binary = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.upload), body: garbage)
            #expect(binary.status == .unsupportedMediaType)
            let empty = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.upload), body: ByteBuffer())
            #expect(empty.status == .badRequest)
            let anonymous = try await client.execute(uri: "/api/v1/uploads", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: Self.csv))
            #expect(anonymous.status == .badRequest)
            #expect(try anonymous.json(ErrorEnvelope.self).error.details?["parameter"] == "user")
            let badSex = try await client.execute(uri: "/api/v1/uploads?user=x&sex=robot", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: Self.csv))
            #expect(badSex.status == .badRequest)
            let readOnly = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.read), body: ByteBuffer(string: Self.csv))
            #expect(readOnly.status == .forbidden)
        }
        #expect(try await server.database.uploads(externalID: nil, limit: 10).isEmpty)
        #expect(leftoverFiles(directory).isEmpty)
    }

    @Test func aBodyPastTheCapIs413AndLeavesNoFile() async throws {
        let (server, services, directory) = try makeServer(limit: 1000)
        let app = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        let big = "timestamp,heart_rate\n" + String(repeating: "2026-03-02T08:00:00+01:00,61\n", count: 100)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: big))
            #expect(response.status == .contentTooLarge)
            #expect(try response.json(ErrorEnvelope.self).error.code == "payload_too_large")
        }
        #expect(leftoverFiles(directory).isEmpty)
        #expect(try await server.database.uploads(externalID: nil, limit: 10).isEmpty)
    }

    @Test func anExportWithNoUsableSampleFailsItsJobWithTheReasonAndStoresNoWeek() async throws {
        let (server, services, directory) = try makeServer()
        let app = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        let absurd = "timestamp,heart_rate,steps\n2026-03-02T08:00:00+01:00,0,\n2026-03-02T08:01:00+01:00,400,\n"
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/uploads?user=absurd&wait=30", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: absurd))
            #expect(response.status == .unprocessableContent)
            let error = try response.json(ErrorEnvelope.self).error
            #expect(error.code == "ingest_failed")
            #expect(error.message.contains("no heart-rate or step sample") && error.message.contains("out_of_range"), "\(error.message)")
            let uploadID = try #require(error.details?["upload"]?.split(separator: "/").last.flatMap { Int64($0) })
            let fetched = try await client.execute(uri: "/api/v1/uploads/\(uploadID)", method: .get, headers: server.headers(.read))
            let upload = try fetched.json(Upload.self)
            #expect(upload.state == "failed" && upload.report == nil)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
        await #expect(throws: StoreError.externalUserNotFound("absurd")) { try await server.database.user(externalID: "absurd") }
        #expect(leftoverFiles(directory).isEmpty)
    }
}
