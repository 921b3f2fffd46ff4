import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import NIOCore
import ONNXFormat
import Store
import Testing
import Wearables

@testable import Server

#if canImport(Glibc)
import Glibc
#endif

extension FaultTests {
    /// A full disk gives clear errors, never corruption: an upload whose file cannot be written answers 507
    /// and leaves no file; an ingest whose rows do not fit in the database fails its job with "the database
    /// is full" and stores nothing; either way the database stays sound and the server keeps serving.
    @Suite
    struct StorageFullTests {
        /// `auscult serve` under a 16 MiB file-size limit (`prlimit --fsize`: a write past it fails with
        /// EFBIG, as one on a full disk fails with ENOSPC), sent a 24 MiB export.
        @Test func anUploadTheDiskCannotHoldAnswers507AndLeavesNoFileAndTheServerKeepsServing() async throws {
            let prlimit = try #require(
                ["/usr/bin/prlimit", "/bin/prlimit"].first { FileManager.default.isExecutableFile(atPath: $0) },
                "this test limits the server's file size with prlimit (util-linux)")
            let directory = try FaultDataDirectory.make(users: 4)
            defer { directory.remove() }
            let limit = 16 << 20
            // The write fails before the body's format matters.
            let large = Data(count: 24 << 20)
            let small = try Data(contentsOf: try directory.writeCSVExport(weeks: 2, interval: 600, name: "small.csv"))
            try #require(large.count > limit + (4 << 20) && small.count < limit / 4)
            let server = try await ServeProcess.start(
                dataDirectory: directory.data, token: directory.token, prefix: [prlimit, "--fsize=\(limit)", "--"])
            defer { server.child.stop() }
            let client = server.client

            let (status, body) = try await client.send("POST", "/api/v1/uploads?user=full-wearer&wait=600", body: large, contentType: "text/csv")
            #expect(status == 507, "\(String(decoding: body, as: UTF8.self))")
            let refusal = try JSONDecoder().decode(ErrorAnswer.self, from: body)
            #expect(refusal.error.code == "insufficient_storage")
            #expect(refusal.error.message.hasPrefix("the upload was not stored: no space left to write the upload (in \(directory.data.path)/uploads): File too large"),
                    "\(refusal.error.message)")
            #expect(directory.uploadFiles.isEmpty, "the partial file was removed: \(directory.uploadFiles)")
            #expect(try directory.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM uploads") } == 0, "nothing was recorded")

            let (health, _) = try await client.send("GET", "/healthz")
            #expect(health == 200)
            let stored = try await client.expect(
                201, "POST", "/api/v1/uploads?user=full-wearer&wait=600", body: small, contentType: "text/csv", as: JobbedAnswer.self)
            #expect(stored.state == "succeeded", "an export that fits is still taken")
            #expect(await server.child.waitForExit(timeout: .zero) == nil, "the server is still running")
            server.child.send(SIGTERM)
            #expect(await server.child.waitForExit(timeout: .seconds(30)) == .exited(0))
            #expect(try directory.integrityCheck() == "ok")
        }

        /// The application over an on-disk database whose size SQLite caps (`PRAGMA max_page_count`): past
        /// it every write fails with SQLITE_FULL, "database or disk is full", exactly as on a full disk.
        @Test func anIngestThatDoesNotFitInTheDatabaseFailsItsJobWithTheReasonAndStoresNothing() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-full-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            let pool = try DatabasePool(path: root.appendingPathComponent("auscult.sqlite").path, configuration: configuration)
            let database = try AppDatabase(pool)
            try database.seedDemoCohortIfEmpty(CohortSimulator(seed: 5, userCount: 3, weeksPerUser: 1))
            let token = try database.createToken(scope: .admin).token
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            let services = InspectionServices(database: database, uploadDirectory: root.appendingPathComponent("uploads"))
            let application = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
            let fixture = FaultDataDirectory(root: root, data: root, token: token, modelID: 0)
            // 20 weeks of half-hourly heart rates take about 7 pages; the upload and its job fit in pages the
            // tables already have.
            let export = try fixture.writeCSVExport(weeks: 20, interval: 1800)
            let pages = try await pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count")! }
            try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)") }
            let usersBefore = try await database.userCountAsync()

            try await application.test(.router) { client in
                let response = try await client.execute(
                    uri: "/api/v1/uploads?user=crowded-wearer&wait=600", method: .post, headers: headers, body: ByteBuffer(bytes: try Data(contentsOf: export)))
                #expect(response.status == .unprocessableContent, "\(response.text)")
                let refusal = try response.json(ErrorEnvelope.self)
                #expect(refusal.error.code == "ingest_failed")
                #expect(refusal.error.message.contains("the database is full: database or disk is full; free space on the disk holding the data directory"),
                        "\(refusal.error.message)")
                let uploadID = try #require(try await database.uploads(externalID: "crowded-wearer", limit: 1).first?.id)
                let job = try await database.job(id: try #require(try await database.upload(id: uploadID).jobId))
                #expect(job.state == .failed && job.error?.hasPrefix("the database is full: database or disk is full") == true, "\(job.error ?? "")")
                let rows = try fixture.rowsOf(upload: uploadID)
                #expect(rows.weeks == 0 && !rows.hasReport && !rows.hasUser, "a failed ingest stores nothing: \(rows)")
                #expect(try await database.userCountAsync() == usersBefore)
                #expect(try database.integrityCheck() == "ok")

                // Still serving; a write that needs room answers 507 with the cause.
                let users = try await client.execute(uri: "/api/v1/users", method: .get, headers: headers)
                #expect(users.status == .ok)
                try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
                let model = try await client.execute(
                    uri: "/api/v1/models?name=crowded", method: .post, headers: headers, body: ByteBuffer(bytes: try Self.modelBytes()))
                #expect(model.status == .insufficientStorage, "\(model.text)")
                #expect(try model.json(ErrorEnvelope.self).error.code == "insufficient_storage")
                #expect(try model.json(ErrorEnvelope.self).error.message.hasPrefix("the database is full: database or disk is full"))

                // Once there is room again, the same upload is taken.
                try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
                let retried = try await client.execute(
                    uri: "/api/v1/uploads?user=crowded-wearer&wait=600", method: .post, headers: headers, body: ByteBuffer(bytes: try Data(contentsOf: export)))
                #expect(retried.status == .created, "\(retried.text)")
            }
            #expect(try database.integrityCheck() == "ok")
        }

        /// A model of about 40 KB: more than any page has free.
        static func modelBytes() throws -> Data {
            let architecture = SequenceArchitecture(
                activation: .relu, channels: 16, firstKernel: 16, firstStride: 16, recurrence: .forward, hiddenSize: 32)
            let bytes = try ONNXExporter.serializedBytes(
                ONNXExporter.export(architecture.makeGraph(seed: 8), opset: 17, modelName: "crowded", docString: ""))
            try #require(bytes.count > 16 << 10)
            return bytes
        }
    }
}
