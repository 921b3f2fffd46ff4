import Foundation
import Synchronization
import Logging
import ServiceLifecycle
import Store

/// Runs long work (unit scans, evaluations, ingests, training) as jobs recorded in the `jobs` table:
/// state, progress (done / total), and a JSON result or the error that stopped it.
///
/// The same work (same kind and canonical parameters) is started once: asking again while it runs, or
/// after it succeeded, returns the existing job; a failed job is started afresh.
///
/// When the server shuts down, `shutDown(grace:)` lets running jobs finish within a grace period, then
/// cancels the rest; their work stops at its next batch or epoch and the job is recorded failed with the
/// shutdown as its reason, so that asking again reruns it.
actor JobRunner {
    private struct RunningJob {
        var kind: String
        var task: Task<Void, Never>
    }

    private let database: AppDatabase
    private let logger: Logger
    private var running: [Int64: RunningJob] = [:]
    private var starting: [String: Task<JobRecord, any Error>] = [:]
    /// Why jobs end from now on, once the server has begun shutting down.
    private var stopReason: JobStopReason?

    init(database: AppDatabase, logger: Logger = Logger(label: "auscult.jobs")) {
        self.database = database
        self.logger = logger
    }

    /// The running or succeeded job doing this work, or a new one running `work`.
    ///
    /// `work` gets a `JobProgress` to report through and returns the result as JSON text. Once the
    /// server is shutting down no job starts (503 `shutting_down`).
    func job(
        kind: String, parameters: [String: String], total: Int?,
        work: @escaping @Sendable (JobProgress) async throws -> String
    ) async throws -> JobRecord {
        guard stopReason == nil else { throw Self.shuttingDown }
        let parameterText = Self.canonicalJSON(parameters)
        let key = "\(kind) \(parameterText)"
        // The actor suspends at each database call: concurrent identical requests share one lookup.
        if let pending = starting[key] {
            return try await pending.value
        }
        let database = database
        let creation = Task { () throws -> JobRecord in
            if let existing = try await database.activeOrSucceededJob(kind: kind, parameters: parameterText) { return existing }
            let job = try await database.startJob(kind: kind, parameters: parameterText, progressTotal: total)
            try await self.launch(job, kind: kind, total: total, work: work)
            return job
        }
        starting[key] = creation
        defer { starting[key] = nil }
        return try await creation.value
    }

    static let shuttingDown = APIError(
        .serviceUnavailable, code: "shutting_down", message: "the server is shutting down and starts no new work; ask again once it is back")

    private func launch(_ job: JobRecord, kind: String, total: Int?, work: @escaping @Sendable (JobProgress) async throws -> String) async throws {
        let id = job.id!
        if let stopReason {
            try await database.failJob(id: id, error: stopReason.message(progress: nil))
            throw Self.shuttingDown
        }
        let progress = JobProgress(database: database, jobID: id, total: total)
        let database = database
        let logger = logger
        let task = Task.detached { [weak self] in
            let ending: Result<String, any Error>
            do {
                ending = .success(try await work(progress))
            } catch {
                ending = .failure(error)
            }
            let stopped = Task.isCancelled ? await self?.stopReason : nil
            await Self.record {
                do {
                    try await database.finishJob(id: id, result: ending.get())
                } catch {
                    let reason = stopped.map { $0.message(progress: (error as? JobStopped)?.progress) } ?? Self.failureReason(error)
                    if stopped == nil { logger.error("job \(id) (\(kind)) failed: \(error)") }
                    _ = try? await database.failJob(id: id, error: reason)
                }
            }
            await self?.finished(id)
        }
        running[id] = RunningJob(kind: kind, task: task)
    }

    /// Runs `write` in a task of its own: GRDB's async methods refuse to run in a cancelled task, and
    /// the task of a job stopped by a shutdown (or the shutdown's own, when it is cancelled) is one.
    private static func record(_ write: @escaping @Sendable () async -> Void) async {
        await Task.detached(operation: write).value
    }

    /// The reason recorded for a job whose work threw `error`: storage failures in their own words
    /// ("the database is full: …"), anything else as it describes itself.
    static func failureReason(_ error: any Error) -> String {
        StorageFailure(error).map(\.description) ?? "\(error)"
    }

    /// The kinds of the jobs running now, by id.
    var runningJobs: [Int64: String] {
        running.mapValues(\.kind)
    }

    /// Waits for a job this runner started (tests and the CLI use it).
    func wait(for id: Int64) async {
        await running[id]?.task.value
    }

    private func finished(_ id: Int64) {
        running[id] = nil
    }

    /// What `shutDown` did to the jobs that were running, by id and kind.
    struct ShutdownOutcome: Sendable, Equatable {
        /// Jobs that ended by themselves within the grace period.
        var ended: [Int64: String] = [:]
        /// Jobs cancelled after it, which stopped at their next batch or epoch.
        var stopped: [Int64: String] = [:]
        /// Jobs that did not stop within the allowance after cancellation; recorded failed all the same.
        var abandoned: [Int64: String] = [:]
    }

    /// Stops starting jobs, lets running ones finish within `grace`, then cancels those still running
    /// and gives them `stopAllowance` to stop; any still running after that (deep in a step that cannot
    /// be interrupted) is recorded failed all the same, and its work is abandoned with the process.
    /// Every job stopped this way is failed with `JobStopReason`'s message.
    func shutDown(grace: Duration, stopAllowance: Duration = .seconds(2)) async -> ShutdownOutcome {
        let reason = JobStopReason(grace: grace)
        stopReason = reason
        let atStart = running.mapValues(\.kind)
        var outcome = ShutdownOutcome()
        await waitForRunningJobs(until: .now + grace)
        let cancelled = running.mapValues(\.kind)
        outcome.ended = atStart.filter { cancelled[$0.key] == nil }
        for job in running.values { job.task.cancel() }
        await waitForRunningJobs(until: .now + stopAllowance)
        outcome.abandoned = running.mapValues(\.kind)
        outcome.stopped = cancelled.filter { outcome.abandoned[$0.key] == nil }
        let database = database
        for id in outcome.abandoned.keys {
            await Self.record { _ = try? await database.failJob(id: id, error: reason.message(progress: nil)) }
        }
        return outcome
    }

    /// Returns once no job runs or at `deadline` (or at once when the calling task is cancelled).
    private func waitForRunningJobs(until deadline: ContinuousClock.Instant) async {
        while !running.isEmpty, ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                return
            }
        }
    }

    static func canonicalJSON(_ parameters: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(parameters)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// Why jobs stopped by a shutdown failed: named so that a person knows nothing is wrong with the job,
/// and that asking again reruns it.
struct JobStopReason: Sendable, Equatable {
    var grace: Duration

    /// "stopped: the server shut down before the job finished (grace period 30 s)[, after …]; start it again".
    func message(progress: String?) -> String {
        "stopped: the server shut down before the job finished (grace period \(graceText))" + (progress.map { ", \($0)" } ?? "") + "; start it again"
    }

    /// The grace period in seconds, "30 s" or "0.5 s".
    var graceText: String {
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
    }
}

/// Thrown by a job's work when it notices it was cancelled, with what it had done by then ("after 3 of
/// 10 epochs (…)"), which the job's failure reason keeps as a checkpoint.
struct JobStopped: Error, CustomStringConvertible {
    var progress: String

    var description: String { "stopped \(progress)" }
}

/// How a job reports progress: writes to the database at most every `interval`, and always the last.
final class JobProgress: Sendable {
    private let database: AppDatabase
    let jobID: Int64
    private let total: Int?
    private let lastWrite = Mutex<ContinuousClock.Instant?>(nil)
    private let interval: Duration

    init(database: AppDatabase, jobID: Int64, total: Int?, interval: Duration = .milliseconds(250)) {
        self.database = database
        self.jobID = jobID
        self.total = total
        self.interval = interval
    }

    func update(done: Int, total: Int? = nil) async {
        let now = ContinuousClock.now
        let due = lastWrite.withLock { last -> Bool in
            let isFinal = done == (total ?? self.total)
            guard isFinal || last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            return true
        }
        if due {
            try? await database.updateJobProgress(id: jobID, done: done, total: total ?? self.total)
        }
    }
}

extension AppDatabase {
    /// The job with `id` once it is no longer queued or running, or as it is after `seconds` (which a
    /// request's `wait=` gives): how every endpoint that can wait for a job waits. A server that begins
    /// shutting down answers at once, so that no waiting request holds the shutdown up.
    func job(id: Int64, waitingUpTo seconds: Int) async throws -> JobRecord {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var job = try await self.job(id: id)
        while job.state == .running || job.state == .queued, ContinuousClock.now < deadline, !Task.isShuttingDownGracefully {
            try await Task.sleep(for: .milliseconds(50))
            job = try await self.job(id: id)
        }
        return job
    }
}
