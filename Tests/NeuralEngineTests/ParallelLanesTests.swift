import Foundation
import Synchronization
import Testing

@testable import NeuralEngine

#if canImport(Glibc)
import Glibc
#endif

/// Lanes split work completely and, where the process can restore a thread's priority, run at their
/// caller's nice value and leave libdispatch's workers as they found them.
struct ParallelLanesTests {
    @Test func blocksCoverEveryElementOnce() {
        for count in [0, 1, 5, 1 << 17, (1 << 18) + 3, 1_000_003] {
            let seen = Mutex([Range<Int>]())
            ParallelLanes.forEachBlock(count) { block in seen.withLock { $0.append(block) } }
            let blocks = seen.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
            #expect(blocks.reduce(0) { $0 + $1.count } == count, "count \(count): \(blocks)")
            #expect(zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "count \(count): \(blocks)")
        }
    }

    #if canImport(Glibc)
    /// The nice values every lane ran at, for lanes started from a thread of nice value `niceness`; with
    /// `plain`, lanes of `DispatchQueue.concurrentPerform` itself, which sets no priority.
    static func laneNiceness(startedAt niceness: Int32, plain: Bool = false) -> [Int32] {
        final class Seen: @unchecked Sendable {  // written before `done` is signalled, read after
            var values: [Int32] = []
        }
        let seen = Seen()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            let collected = Mutex([Int32]())
            let lane: @Sendable (Int) -> Void = { _ in
                let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
                collected.withLock { $0.append(value) }
                usleep(20_000)  // keep this lane busy so that the other one runs on another thread
            }
            if plain {
                DispatchQueue.concurrentPerform(iterations: 2, execute: lane)
            } else {
                ParallelLanes.run(2, lane)
            }
            seen.values = collected.withLock { $0 }
            done.signal()
        }
        thread.start()
        done.wait()
        return seen.values
    }

    @Test(.enabled(if: ParallelLanes.priorityCanBeRestored, "needs a process that may raise a thread's priority back"))
    func lanesRunAtTheCallersNiceValueAndRestoreTheWorkers() {
        #expect(Self.laneNiceness(startedAt: 7) == [7, 7])
        // The same workers, now without ParallelLanes: none was left at 7.
        #expect(Self.laneNiceness(startedAt: 0, plain: true) == [0, 0], "a worker stayed at the earlier caller's nice value")
    }
    #endif
}
