import Foundation
import GRDB

extension AppDatabase {
    /// Records a new job as `running` (the runner starts it at once) and returns it with its id.
    ///
    /// `parameters` is canonical JSON text (sorted keys), so that `activeOrSucceededJob` can find the same
    /// work again.
    public func startJob(kind: String, parameters: String, progressTotal: Int?) async throws -> JobRecord {
        try await dbWriter.write { db in
            var job = JobRecord(kind: kind, state: .running, progressTotal: progressTotal, parameters: parameters, startedAt: Date())
            try job.insert(db)
            return job
        }
    }

    /// Sets a running job's progress.
    public func updateJobProgress(id: Int64, done: Int, total: Int?) async throws {
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE jobs SET progress_done = ?, progress_total = ? WHERE id = ? AND state = 'running'",
                arguments: [done, total, id])
        }
    }

    /// Marks a running job succeeded with its result (JSON text) and its progress complete. A job that
    /// has already ended (failed by a shutdown, say) keeps its state; returns whether this call ended it.
    @discardableResult
    public func finishJob(id: Int64, result: String) async throws -> Bool {
        try await dbWriter.write { db in
            try Self.finishRunningJob(id: id, result: result, in: db)
        }
    }

    /// Marks a queued or running job failed with the reason; a job that has already ended keeps its
    /// state and error. Returns whether this call ended it.
    @discardableResult
    public func failJob(id: Int64, error: String) async throws -> Bool {
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE id = ? AND state IN ('queued', 'running')",
                arguments: [error, Date(), id])
            return db.changesCount > 0
        }
    }

    /// The `finishJob` update inside a caller's transaction, so that work and its job's success commit
    /// together (or not at all).
    static func finishRunningJob(id: Int64, result: String, in db: Database) throws -> Bool {
        try db.execute(
            sql: """
                UPDATE jobs SET state = 'succeeded', result = ?, finished_at = ?,
                    progress_done = COALESCE(progress_total, progress_done) WHERE id = ? AND state = 'running'
                """,
            arguments: [result, Date(), id])
        return db.changesCount > 0
    }

    /// One job, or `StoreError.jobNotFound`.
    public func job(id: Int64) async throws -> JobRecord {
        try await dbWriter.read { db in
            guard let job = try JobRecord.fetchOne(db, key: id) else { throw StoreError.jobNotFound(id) }
            return job
        }
    }

    /// The newest job of `kind` with exactly these parameters that is running or succeeded, if any:
    /// work that need not be started again.
    public func activeOrSucceededJob(kind: String, parameters: String) async throws -> JobRecord? {
        try await dbWriter.read { db in
            try JobRecord
                .filter(Column("kind") == kind && Column("parameters") == parameters)
                .filter(["running", "succeeded"].contains(Column("state")))
                .order(Column("id").desc)
                .fetchOne(db)
        }
    }

    /// Jobs, newest first, optionally of one kind.
    public func jobs(kind: String? = nil, limit: Int) async throws -> [JobRecord] {
        try await dbWriter.read { db in
            var request = JobRecord.order(Column("id").desc).limit(limit)
            if let kind { request = request.filter(Column("kind") == kind) }
            return try request.fetchAll(db)
        }
    }

    /// Marks every job still `queued` or `running` as failed: called when the service starts, since no
    /// job survives the process that ran it. Returns how many were marked.
    @discardableResult
    public func failInterruptedJobs(reason: String = "interrupted: the server stopped while the job ran; start it again") throws -> Int {
        try dbWriter.write { db in
            try db.execute(
                sql: "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE state IN ('queued', 'running')",
                arguments: [reason, Date()])
            return db.changesCount
        }
    }
}
