import Foundation
import GRDB
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension FaultTests {
    /// `SIGTERM` to `auscult serve`: the HTTP server stops, running jobs get the grace period to finish,
    /// those still running after it are stopped and recorded failed with the shutdown as the reason, and
    /// the process exits 0 with the database sound.
    @Suite
    struct GracefulShutdownTests {
        static let longTraining = Data(#"{"task": "std_day_minus_night", "epochs": 50}"#.utf8)

        /// What the signalling thread saw: the jobs it started, how long the process took to exit after
        /// the signal, and how a long poll in flight at the signal was answered.
        struct Shutdown: Sendable {
            var training: Int64
            var upload: JobbedAnswer
            var termination: ChildProcess.Termination?
            var exitTime: Duration
            var pollStatus: Int
            var pollTime: Duration
        }

        @Test func jobsStillRunningAfterTheGracePeriodAreStoppedAndRecordedFailedWithTheShutdownAsTheReason() async throws {
            let directory = try FaultDataDirectory.make(users: 30)
            defer { directory.remove() }
            // 20,160 rows: reading them takes longer than the grace period and the stop allowance in a debug build.
            let export = try Data(contentsOf: try directory.writeCSVExport(weeks: 2, interval: 60))
            var server = try await ServeProcess.start(dataDirectory: directory.data, token: directory.token, options: ["--shutdown-grace-seconds", "1"])
            defer { server.child.stop() }
            let child = server.child
            let http = server.client.blocking
            let model = directory.modelID
            let shutdown = try await onOwnThread { () throws -> Shutdown in
                let training = try http.expect(202, "POST", "/api/v1/models/\(model)/synthetic-training", body: Self.longTraining, as: JobAnswer.self).job.id
                try http.waitForJob(training) { $0.isRunningWithProgress }
                let upload = try http.expect(202, "POST", "/api/v1/uploads?user=stopped-wearer", body: export, contentType: "text/csv", as: JobbedAnswer.self)
                try http.waitUntilIngesting(upload: upload.id)
                // A client following the training with a long poll when the signal comes.
                let polled = DispatchSemaphore(value: 0)
                let poll = Mutex<(Int, Duration)?>(nil)
                Thread {
                    let started = ContinuousClock.now
                    let status = (try? http.send("GET", "/api/v1/jobs/\(training)?wait=60"))?.0 ?? 0
                    poll.withLock { $0 = (status, ContinuousClock.now - started) }
                    polled.signal()
                }.start()
                Thread.sleep(forTimeInterval: 0.5)
                let signalled = ContinuousClock.now
                child.send(SIGTERM)
                let termination = child.waitForExitBlocking(timeout: .seconds(60))
                let exitTime = ContinuousClock.now - signalled
                _ = polled.wait(timeout: .now() + 60)
                let (pollStatus, pollTime) = poll.withLock { $0 } ?? (0, .seconds(60))
                return Shutdown(
                    training: training, upload: upload, termination: termination, exitTime: exitTime, pollStatus: pollStatus, pollTime: pollTime)
            }
            let training = shutdown.training
            #expect(shutdown.termination == .exited(0), "\(server.child.output)")
            // 1 s of grace, up to 2 s for cancelled work to stop, and the margin of a loaded debug build.
            #expect(shutdown.exitTime < .seconds(10), "exited \(shutdown.exitTime) after SIGTERM")
            #expect(shutdown.pollStatus == 200 && shutdown.pollTime < .seconds(15), "the long poll was answered when the shutdown began, not after 60 s")
            print("SIGTERM to exit with a 1 s grace period: \(shutdown.exitTime); long poll answered after \(shutdown.pollTime)")

            #expect(try directory.integrityCheck() == "ok")
            let ingest = try #require(shutdown.upload.job).id
            let jobs = try directory.read { db in
                try [Int64: Row](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state, error FROM jobs").map { ($0["id"] as Int64, $0) })
            }
            let stoppedTraining = try #require(jobs[training])
            #expect(stoppedTraining["state"] as String == "failed")
            let trainingError: String = stoppedTraining["error"]
            #expect(trainingError.hasPrefix("stopped: the server shut down before the job finished (grace period 1 s), after "), "\(trainingError)")
            #expect(trainingError.contains(" of 50 epochs (train loss by epoch ") && trainingError.hasSuffix("; start it again"), "the learning curve so far is kept: \(trainingError)")
            // The weights reached at the stop are kept as a model of their own, named in the reason.
            let checkpointMatch = try #require(trainingError.firstMatch(of: /the weights it had reached are stored as model (\d+) \(([^ ]+) v1,/), "\(trainingError)")
            let checkpointID = try #require(Int64(checkpointMatch.output.1))
            let checkpointName = String(checkpointMatch.output.2)
            #expect(checkpointName.hasSuffix("-synthetic-std_day_minus_night-checkpoint"), "\(checkpointName)")
            let storedCheckpoint = try directory.read { db in try Row.fetchOne(db, sql: "SELECT name, length(onnx) AS bytes FROM models WHERE id = ?", arguments: [checkpointID]) }
            #expect(storedCheckpoint?["name"] == checkpointName && (storedCheckpoint?["bytes"] as Int? ?? 0) > 1_000)
            let stoppedIngest = try #require(jobs[ingest])
            #expect(stoppedIngest["state"] as String == "failed")
            let ingestError: String = stoppedIngest["error"]
            #expect(ingestError.hasPrefix("stopped: the server shut down before the job finished (grace period 1 s), after reading ")
                    && ingestError.hasSuffix(" records); nothing was stored; start it again"), "the ingest stopped mid-file: \(ingestError)")
            let uploadRows = try directory.rowsOf(upload: shutdown.upload.id)
            #expect(uploadRows.weeks == 0 && !uploadRows.hasReport, "the stopped ingest stored nothing")
            let log = server.child.output
            #expect(log.contains("shutting down: the HTTP server has stopped; 2 running job(s) get up to 1 s to finish: job \(training) (synthetic_training), \(ingest) (ingest)"), "\(log)")
            #expect(log.contains("stopped after the grace period and recorded as failed (ask again to rerun): job \(training) (synthetic_training), \(ingest) (ingest)"),
                    "the log says what became of each job: \(log)")
            #expect(!log.contains("abandoned"), "both jobs stopped within the allowance: \(log)")

            // Asking again after a restart starts the work afresh.
            server = try await ServeProcess.start(dataDirectory: directory.data, token: directory.token, options: ["--shutdown-grace-seconds", "0"])
            let restarted = server.child
            let restartedHTTP = server.client.blocking
            let anyWeek = try #require(try directory.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM weeks LIMIT 1") })
            let again = try await onOwnThread { () throws -> (JobView, ChildProcess.Termination?) in
                // The checkpoint loads like any model: its ONNX imports and its card describes its inputs.
                let (status, answer) = try restartedHTTP.send("GET", "/api/v1/models/\(checkpointID)/weeks/\(anyWeek)/activations")
                guard status == 200 else { throw FaultTestError("the checkpoint's activations answered \(status): \(String(decoding: answer, as: UTF8.self))") }
                let job = try restartedHTTP.expect(
                    202, "POST", "/api/v1/models/\(model)/synthetic-training", body: Self.longTraining, as: JobAnswer.self).job
                restarted.send(SIGTERM)
                return (job, restarted.waitForExitBlocking(timeout: .seconds(30)))
            }
            #expect(again.0.id != training && again.0.state == "running")
            #expect(again.1 == .exited(0))
            let rerun = try directory.read { db in try String.fetchOne(db, sql: "SELECT error FROM jobs WHERE id = ?", arguments: [again.0.id]) }
            #expect(rerun?.hasPrefix("stopped: the server shut down before the job finished (grace period 0 s)") == true, "\(rerun ?? "nil")")
            #expect(try directory.integrityCheck() == "ok")
        }

        @Test func jobsThatFinishWithinTheGracePeriodAreRecordedSucceededAndTheServerExitsWithoutWaitingOut() async throws {
            // About 35 train weeks (three evaluation batches) and 8,064 rows to ingest: both still running at
            // the signal, both done within seconds.
            let directory = try FaultDataDirectory.make(users: 50)
            defer { directory.remove() }
            let export = try Data(contentsOf: try directory.writeCSVExport(weeks: 2, interval: 150))
            let server = try await ServeProcess.start(dataDirectory: directory.data, token: directory.token, options: ["--shutdown-grace-seconds", "60"])
            defer { server.child.stop() }
            let child = server.child
            let http = server.client.blocking
            let model = directory.modelID
            let (evaluation, upload, termination, exitTime) = try await onOwnThread {
                () throws -> (JobView, JobbedAnswer, ChildProcess.Termination?, Duration) in
                let evaluation = try http.expect(
                    202, "POST", "/api/v1/models/\(model)/evaluations", body: Data(#"{"split": "train", "label": "sleep_apnea"}"#.utf8), as: JobbedAnswer.self)
                let upload = try http.expect(202, "POST", "/api/v1/uploads?user=finished-wearer", body: export, contentType: "text/csv", as: JobbedAnswer.self)
                let evaluationJob = try http.waitForJob(evaluation.job?.id ?? 0) { $0.isRunningWithProgress }
                let ingest = try http.job(upload.job?.id ?? 0)
                guard ingest.state == "running" else { throw FaultTestError("the ingest ended before the signal: \(ingest)") }
                let signalled = ContinuousClock.now
                child.send(SIGTERM)
                let termination = child.waitForExitBlocking(timeout: .seconds(60))
                return (evaluationJob, upload, termination, ContinuousClock.now - signalled)
            }
            #expect(termination == .exited(0), "\(server.child.output)")
            #expect(exitTime < .seconds(40), "the server exits once its jobs are done, not after the whole grace period (\(exitTime))")
            print("SIGTERM to exit with two jobs finishing within the grace period: \(exitTime)")

            let ingest = try #require(upload.job).id
            let states = try directory.read { db in
                try [Int64: String](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state FROM jobs").map { ($0["id"] as Int64, $0["state"] as String) })
            }
            #expect(states[evaluation.id] == "succeeded" && states[ingest] == "succeeded", "\(states)")
            let metrics = try directory.read { db in try String.fetchOne(db, sql: "SELECT metrics FROM evaluations WHERE job_id = ?", arguments: [evaluation.id]) }
            #expect(metrics != nil, "the evaluation stored its metrics")
            let rows = try directory.rowsOf(upload: upload.id)
            #expect(rows.weeks == 2 && rows.hasReport && rows.hasUser)
            let log = server.child.output
            #expect(log.contains("finished within the grace period: job \(evaluation.id) (evaluation), \(ingest) (ingest)"), "\(log)")
            #expect(try directory.integrityCheck() == "ok")
        }
    }
}
