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
}
