import Logging
import ServiceLifecycle

/// The job runner's part in the application's service group. The group shuts services down in reverse
/// order, so this one's turn comes once the HTTP server has stopped accepting and answered the requests
/// it had: then running jobs get `grace` to finish and the rest are stopped (see `JobRunner.shutDown`).
struct JobShutdownService: Service {
    let jobs: JobRunner
    let grace: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            // Cancelled rather than shut down gracefully: no time to wait for anything.
            log(await jobs.shutDown(grace: .zero, stopAllowance: .zero))
            return
        }
        let running = await jobs.runningJobs
        if running.isEmpty {
            logger.notice("shutting down: the HTTP server has stopped; no job is running")
        } else {
            logger.notice(
                "shutting down: the HTTP server has stopped; \(running.count) running job(s) get up to \(JobStopReason(grace: grace).graceText) to finish: job \(Self.list(running))")
        }
        log(await jobs.shutDown(grace: grace))
    }

    private static func list(_ jobs: [Int64: String]) -> String {
        jobs.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
    }

    private func log(_ outcome: JobRunner.ShutdownOutcome) {
        let list = Self.list
        if !outcome.ended.isEmpty {
            logger.notice("finished within the grace period: job \(list(outcome.ended))")
        }
        if !outcome.stopped.isEmpty {
            logger.notice("stopped after the grace period and recorded as failed (ask again to rerun): job \(list(outcome.stopped))")
        }
        if !outcome.abandoned.isEmpty {
            logger.warning("did not stop in time; recorded as failed and abandoned: job \(list(outcome.abandoned))")
        }
    }
}
