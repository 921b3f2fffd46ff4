import Foundation
import Synchronization

/// Threads that run the engine's blocking work (forward and backward passes, imports, plots, parses)
/// away from Swift concurrency's cooperative threads, so that slow work never stalls the event loops.
///
/// Interactive requests share `interactive` lanes round-robin; jobs run on a `background` lane of
/// their own, one batch at a time, so a request waits at most for one batch of a running job. Ingests
/// (parsing exports) have a lane of their own, so a large upload never delays a job or a request.
/// Lanes run below normal priority (interactive nice 10, background and ingest nice 19): under load the
/// kernel gives the CPU first to requests answered from caches, then to interactive compute, then to
/// jobs and ingests.
final class ComputeLanes: Sendable {
    enum Priority: Sendable { case interactive, background, ingest }

    /// Nice values of the lanes' threads (0 is the event loops' and the cooperative threads').
    static let interactiveNiceness: Int32 = 10
    static let jobNiceness: Int32 = 19

    private let interactiveLanes: [LaneThread]
    private let backgroundLane = LaneThread(name: "auscult.compute.background", niceness: jobNiceness)
    private let ingestLane = LaneThread(name: "auscult.ingest", niceness: jobNiceness)
    private let next = Atomic<Int>(0)

    init(interactiveLanes: Int = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))) {
        self.interactiveLanes = (0..<max(1, interactiveLanes)).map { LaneThread(name: "auscult.compute.\($0)", niceness: Self.interactiveNiceness) }
    }

    deinit {
        for lane in interactiveLanes + [backgroundLane, ingestLane] { lane.stop() }
    }

    /// Runs `work` on a lane and returns its result.
    func run<T: Sendable>(_ priority: Priority = .interactive, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let lane: LaneThread
        switch priority {
        case .interactive:
            let index = next.add(1, ordering: .relaxed).oldValue
            lane = interactiveLanes[index % interactiveLanes.count]
        case .background:
            lane = backgroundLane
        case .ingest:
            lane = ingestLane
        }
        return try await withCheckedThrowingContinuation { continuation in
            lane.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `work` on a lane, handing it a flag that turns true once the calling task is cancelled: long
    /// work checks it between steps (epochs, batches) and stops by throwing.
    func run<T: Sendable>(
        _ priority: Priority = .interactive, cancellable work: @escaping @Sendable (CancellationFlag) throws -> T
    ) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await run(priority) { try work(flag) }
        } onCancel: {
            flag.cancel()
        }
    }
}

/// Whether the task that handed work to a lane has been cancelled (`Task.isCancelled` means nothing on
/// a lane's thread).
final class CancellationFlag: Sendable {
    private let cancelled = Atomic<Bool>(false)

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        cancelled.store(true, ordering: .releasing)
    }
}
