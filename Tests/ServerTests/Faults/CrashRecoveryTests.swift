import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension FaultTests {
    /// `kill -9` of `auscult serve` while it ingests an upload, evaluates a model and trains a copy of it:
    /// after the restart the database is sound, the three jobs are failed with the reason, the upload left
    /// no rows and no file, and asking again does the work.
    @Suite
    struct CrashRecoveryTests {
        static let interruptedReason = "interrupted: the server stopped while the job ran; start it again"
        static let trainingRequest = Data(#"{"task": "std_day_minus_night", "epochs": 8}"#.utf8)
        static let evaluationRequest = Data(#"{"split": "train", "label": "sleep_apnea"}"#.utf8)

        @Test func aServerKilledDuringAnIngestAnEvaluationAndATrainingRunRestartsCleanAndTheWorkCanBeAskedForAgain() async throws {
            // 60 users: about 40 train weeks (five training steps an epoch, three evaluation batches).
            let directory = try FaultDataDirectory.make(users: 60)
            defer { directory.remove() }
            // 10,080 rows: a few seconds of reading in a debug build.
            let export = try Data(contentsOf: try directory.writeCSVExport(weeks: 2, interval: 120))
            var server = try await ServeProcess.start(dataDirectory: directory.data, token: directory.token)
            var client = server.client
            defer { server.child.stop() }
            let model = directory.modelID

            // The training run holds the background compute lane epoch after epoch, the evaluation waits
            // for it there, and the ingest reads the export on a lane of its own; then kill -9.
            let child = server.child
            let http = client.blocking
            let (trainingJob, evaluationJob, upload) = try await onOwnThread { () throws -> (Int64, Int64, JobbedAnswer) in
                let training = try http.expect(
                    202, "POST", "/api/v1/models/\(model)/synthetic-training", body: Self.trainingRequest, as: JobAnswer.self).job.id
                try http.waitForJob(training) { $0.isRunningWithProgress }
                let evaluation = try http.expect(202, "POST", "/api/v1/models/\(model)/evaluations", body: Self.evaluationRequest, as: JobbedAnswer.self)
                let evaluationJob = try evaluation.job.map(\.id) ?? { throw FaultTestError("the evaluation has no job") }()
                let upload = try http.expect(
                    202, "POST", "/api/v1/uploads?user=crash-wearer&filename=export.csv", body: export, contentType: "text/csv", as: JobbedAnswer.self)
                try http.waitUntilIngesting(upload: upload.id)
                child.send(SIGKILL)
                return (training, evaluationJob, upload)
            }
            let ingestJob = try #require(upload.job).id
            #expect(await server.child.waitForExit(timeout: .seconds(10)) == .signalled(SIGKILL))

            // As the killed server left it: sound, the jobs caught mid-work, the upload's file still there.
            #expect(try directory.integrityCheck() == "ok")
            let left = try directory.read { db in
                try [Int64: String](
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state FROM jobs").map { ($0["id"] as Int64, $0["state"] as String) })
            }
            #expect(left[evaluationJob] == "running" && left[trainingJob] == "running" && left[ingestJob] == "running", "\(left)")
            #expect(directory.uploadFiles.contains { $0.hasPrefix("incoming-") }, "the killed server was still reading the upload")
            let uploadRows = try directory.rowsOf(upload: upload.id)
            #expect(uploadRows.weeks == 0 && !uploadRows.hasReport && !uploadRows.hasUser, "an ingest that did not commit stored nothing: \(uploadRows)")

            server = try await ServeProcess.start(dataDirectory: directory.data, token: directory.token)
            client = server.client
            #expect(server.child.output.contains("Marked 3 job(s) left running by the previous server as failed"))
            for id in [evaluationJob, trainingJob, ingestJob] {
                let job = try await client.job(id)
                #expect(job.state == "failed" && job.error == Self.interruptedReason, "\(job)")
            }
            let failedUpload = try await client.expect(200, "GET", "/api/v1/uploads/\(upload.id)", as: JobbedAnswer.self)
            #expect(failedUpload.state == "failed" && failedUpload.error == Self.interruptedReason)
            #expect(directory.uploadFiles.filter { $0.hasPrefix("incoming-") }.isEmpty, "the restart removed the interrupted upload's file")
            #expect(try directory.rowsOf(upload: upload.id).weeks == 0)

            // Asking again does the work: the same upload, a new evaluation, the same training request.
            let retried = try await client.expect(
                201, "POST", "/api/v1/uploads?user=crash-wearer&filename=export.csv&wait=600", body: export, contentType: "text/csv",
                as: JobbedAnswer.self)
            #expect(retried.state == "succeeded" && retried.id != upload.id)
            let evaluationAgain = try #require(
                try await client.expect(202, "POST", "/api/v1/models/\(model)/evaluations", body: Self.evaluationRequest, as: JobbedAnswer.self).job)
            let trainingAgain = try await client.expect(
                202, "POST", "/api/v1/models/\(model)/synthetic-training", body: Self.trainingRequest, as: JobAnswer.self).job
            #expect(trainingAgain.id != trainingJob, "a failed job is not reused: asking again starts it afresh")
            for id in [evaluationAgain.id, trainingAgain.id] {
                let job = try await client.waitForJob(id, timeout: .seconds(120)) { $0.hasEnded }
                #expect(job.state == "succeeded", "\(job)")
            }
            let stored = try directory.rowsOf(upload: retried.id)
            #expect(stored.weeks == 2 && stored.hasReport && stored.hasUser)

            server.child.send(SIGTERM)
            #expect(await server.child.waitForExit(timeout: .seconds(30)) == .exited(0))
            #expect(try directory.integrityCheck() == "ok")
        }
    }
}
