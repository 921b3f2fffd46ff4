import Dispatch
import Foundation
import Synchronization

/// Serial dispatch queues that run the engine's blocking work (forward and backward passes, imports)
/// away from Swift concurrency's cooperative threads, so that slow work never stalls the event loops.
///
/// Interactive requests share `interactive` lanes round-robin; jobs run on a `background` lane of
/// their own, one batch at a time, so a request waits at most for one batch of a running job. Ingests
/// (parsing exports) have a lane of their own, so a large upload never delays a job or a request.
final class ComputeLanes: Sendable {
    enum Priority: Sendable { case interactive, background, ingest }

    private let interactiveQueues: [DispatchQueue]
    private let backgroundQueue = DispatchQueue(label: "auscult.compute.background", qos: .utility)
    private let ingestQueue = DispatchQueue(label: "auscult.ingest", qos: .utility)
    private let next = Atomic<Int>(0)

    init(interactiveLanes: Int = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))) {
        interactiveQueues = (0..<max(1, interactiveLanes)).map { DispatchQueue(label: "auscult.compute.\($0)", qos: .userInitiated) }
    }

    /// Runs `work` on a lane and returns its result.
    func run<T: Sendable>(_ priority: Priority = .interactive, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let queue: DispatchQueue
        switch priority {
        case .interactive:
            let index = next.add(1, ordering: .relaxed).oldValue
            queue = interactiveQueues[index % interactiveQueues.count]
        case .background:
            queue = backgroundQueue
        case .ingest:
            queue = ingestQueue
        }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
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
