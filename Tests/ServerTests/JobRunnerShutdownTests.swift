import Foundation
import Store
import Testing

@testable import Server

/// `JobRunner.shutDown`: jobs that finish within the grace period succeed; the rest are cancelled and
/// recorded failed with the shutdown as the reason (and what they had done), whether they stop at once
/// or not at all; no job starts afterwards.
struct JobRunnerShutdownTests {
    static let reasonPrefix = "stopped: the server shut down before the job finished (grace period 0.3 s)"

    /// Work that takes `steps` steps of `step` each, checking for cancellation between them.
    static func steps(_ steps: Int, of step: Duration) -> @Sendable (JobProgress) async throws -> String {
        { progress in
            for done in 0..<steps {
                if Task.isCancelled { throw JobStopped(progress: "after \(done) of \(steps) steps") }
                try? await Task.sleep(for: step)
                await progress.update(done: done + 1)
            }
            return #"{"steps": \#(steps)}"#
        }
    }

    @Test func aJobThatFinishesWithinTheGracePeriodSucceedsAndTheShutdownDoesNotWaitOutTheGrace() async throws {
        let database = try AppDatabase.inMemory()
        let runner = JobRunner(database: database)
        let job = try await runner.job(kind: "quick", parameters: [:], total: 3, work: Self.steps(3, of: .milliseconds(100)))
        let started = ContinuousClock.now
        let outcome = await runner.shutDown(grace: .seconds(120))
        #expect(ContinuousClock.now - started < .seconds(60), "the shutdown ends with the job, not with the grace period")
        #expect(outcome == JobRunner.ShutdownOutcome(ended: [job.id!: "quick"]))
        let stored = try await database.job(id: job.id!)
        #expect(stored.state == .succeeded && stored.result == #"{"steps": 3}"#)
    }

    @Test func aJobStillRunningAfterTheGracePeriodStopsAtItsNextStepAndKeepsWhatItHadDone() async throws {
        let database = try AppDatabase.inMemory()
        let runner = JobRunner(database: database)
        let job = try await runner.job(kind: "long", parameters: [:], total: 1000, work: Self.steps(1000, of: .milliseconds(50)))
        // Shut down once the job has recorded some progress (a busy machine may take a while to start it).
        let deadline = ContinuousClock.now + .seconds(60)
        while try await database.job(id: job.id!).progressDone == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        // However slow the machine, the job notices the cancellation at its next step, well within a minute.
        let outcome = await runner.shutDown(grace: .milliseconds(300), stopAllowance: .seconds(60))
        #expect(outcome.stopped == [job.id!: "long"] && outcome.ended.isEmpty && outcome.abandoned.isEmpty)
        let stored = try await database.job(id: job.id!)
        #expect(stored.state == .failed)
        let error = try #require(stored.error)
        #expect(error.hasPrefix(Self.reasonPrefix + ", after ") && error.hasSuffix(" of 1000 steps; start it again"), "\(error)")
        #expect(stored.progressDone > 0 && stored.progressDone < 1000)
    }

    @Test func aJobThatIgnoresCancellationIsRecordedFailedAllTheSameAndItsLateResultIsNotKept() async throws {
        let database = try AppDatabase.inMemory()
        let runner = JobRunner(database: database)
        let lanes = ComputeLanes()
        let release = DispatchSemaphore(value: 0)
        let job = try await runner.job(kind: "stubborn", parameters: [:], total: nil) { _ in
            try await lanes.run(.background) {
                release.wait()  // until the shutdown is over: work that cannot be interrupted
                return "{}"
            }
        }
        let outcome = await runner.shutDown(grace: .milliseconds(300), stopAllowance: .milliseconds(200))
        #expect(outcome.abandoned == [job.id!: "stubborn"])
        #expect(try await database.job(id: job.id!).error == Self.reasonPrefix + "; start it again")
        release.signal()
        await runner.wait(for: job.id!)
        let stored = try await database.job(id: job.id!)
        #expect(stored.state == .failed && stored.result == nil, "the work's late result does not turn the job back into a success")
    }

    @Test func noJobStartsOnceTheShutdownHasBegun() async throws {
        let database = try AppDatabase.inMemory()
        let runner = JobRunner(database: database)
        _ = await runner.shutDown(grace: .zero)
        await #expect {
            _ = try await runner.job(kind: "late", parameters: [:], total: nil, work: Self.steps(1, of: .zero))
        } throws: { error in
            (error as? APIError)?.code == "shutting_down" && (error as? APIError)?.status == .serviceUnavailable
        }
        #expect(try await database.jobs(limit: 10).isEmpty)
    }
}
