import Foundation
import Synchronization
import Logging
import Store

/// Runs long work (unit scans, evaluations, ingests, training) as jobs recorded in the `jobs` table:
/// state, progress (done / total), and a JSON result or the error that stopped it.
///
/// The same work (same kind and canonical parameters) is started once: asking again while it runs, or
/// after it succeeded, returns the existing job.
actor JobRunner {
    private let database: AppDatabase
    private let logger: Logger
    private var running: [Int64: Task<Void, Never>] = [:]
    private var starting: [String: Task<JobRecord, any Error>] = [:]

    init(database: AppDatabase, logger: Logger = Logger(label: "auscult.jobs")) {
        self.database = database
        self.logger = logger
    }

    /// The running or succeeded job doing this work, or a new one running `work`.
    ///
    /// `work` gets a `JobProgress` to report through and returns the result as JSON text.
    func job(
        kind: String, parameters: [String: String], total: Int?,
        work: @escaping @Sendable (JobProgress) async throws -> String
    ) async throws -> JobRecord {
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
            self.launch(job, kind: kind, total: total, work: work)
            return job
        }
        starting[key] = creation
        defer { starting[key] = nil }
        return try await creation.value
    }

    private func launch(_ job: JobRecord, kind: String, total: Int?, work: @escaping @Sendable (JobProgress) async throws -> String) {
        let id = job.id!
        let progress = JobProgress(database: database, jobID: id, total: total)
        let database = database
        let logger = logger
        running[id] = Task.detached { [weak self] in
            do {
                let result = try await work(progress)
                try await database.finishJob(id: id, result: result)
            } catch {
                logger.error("job \(id) (\(kind)) failed: \(error)")
                try? await database.failJob(id: id, error: "\(error)")
            }
            await self?.finished(id)
        }
    }

    /// Waits for a job this runner started (tests and the CLI use it).
    func wait(for id: Int64) async {
        await running[id]?.value
    }

    private func finished(_ id: Int64) {
        running[id] = nil
    }

    static func canonicalJSON(_ parameters: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(parameters)) ?? Data("{}".utf8), as: UTF8.self)
    }
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
    /// request's `wait=` gives): how every endpoint that can wait for a job waits.
    func job(id: Int64, waitingUpTo seconds: Int) async throws -> JobRecord {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var job = try await self.job(id: id)
        while job.state == .running || job.state == .queued, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            job = try await self.job(id: id)
        }
        return job
    }
}
