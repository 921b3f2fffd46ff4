import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs independent pieces of one operator's work (batch items, directions) on several cores at once.
///
/// Each lane makes single-threaded BLAS calls (`BLAS.withSingleThreadedCalls`): one SGEMM per piece on
/// its own core beats handing every piece's SGEMM to all of OpenBLAS's threads in turn, since the
/// work around the SGEMMs (im2col, bias, gate arithmetic) then runs on every core too. OpenBLAS splits
/// no inner products across threads, so the results are the same either way.
///
/// Lanes after the first run on libdispatch's worker threads, at the caller's nice value where the
/// process may restore a worker's priority afterwards: the server runs forward passes on low-priority
/// threads so that cached reads win the CPU, and that should hold for every lane of the pass. Raising a
/// thread's priority back needs `CAP_SYS_NICE` or a permissive `RLIMIT_NICE` (a container's root usually
/// has neither); without it the lanes run at the workers' own priority, since a lowered worker would stay
/// low for whatever libdispatch runs on it next.
enum ParallelLanes {
    /// The lanes `items` independent pieces run on: one per OpenBLAS thread, at most one per piece and
    /// one per core (so `--threads 1` keeps the whole engine on one core). The OpenBLAS count drops to 1
    /// while any lane section runs, so this varies from call to call; `maximumCount` does not.
    static func count(items: Int) -> Int {
        Swift.max(1, Swift.min(items, BLAS.threadCount, coreCount))
    }

    /// The most lanes `items` pieces can ever run on, for memory planning: one per piece, at most one
    /// per core.
    static func maximumCount(items: Int) -> Int {
        Swift.max(1, Swift.min(items, coreCount))
    }

    static let coreCount = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(lane)` for each lane in `0..<lanes`, all at once when there are several.
    ///
    /// `body` must write only memory its lane owns (its own pieces' outputs, its own scratch); that
    /// is what makes handing it to several threads sound, which the compiler cannot check for the raw
    /// pointers these kernels use.
    static func run(_ lanes: Int, _ body: (_ lane: Int) -> Void) {
        guard lanes > 1 else {
            if lanes == 1 { body(0) }
            return
        }
        let niceness: Int32? = priorityCanBeRestored ? callerNiceness() : nil
        BLAS.withSingleThreadedCalls {
            withoutActuallyEscaping(body) { body in
                let work = LaneWork(run: body)
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    let restore = niceness.flatMap(adopt)
                    work.run(lane)
                    if let restore { adopt(restore) }
                }
            }
        }
    }

    /// Calls `body` with contiguous blocks that together cover `0..<count`, one block per lane, on
    /// several lanes only when each gets at least `minimumPerLane` elements (below that, handing work
    /// to another thread costs more than it saves).
    static func forEachBlock(_ count: Int, minimumPerLane: Int = 1 << 17, _ body: (Range<Int>) -> Void) {
        let lanes = self.count(items: count / Swift.max(1, minimumPerLane))
        let size = (count + lanes - 1) / lanes
        run(lanes) { lane in
            let block = Swift.min(lane * size, count)..<Swift.min((lane + 1) * size, count)
            if !block.isEmpty { body(block) }
        }
    }

    /// Whether a thread of this process can lower its priority and raise it back, tried once on a
    /// thread of its own.
    static let priorityCanBeRestored: Bool = {
        #if canImport(Glibc)
        final class Outcome: @unchecked Sendable {  // written before `done` is signalled, read after
            var restored = false
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let probe = Thread {
            let start = callerNiceness()
            if start < 19, setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, start + 1) == 0 {
                outcome.restored = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, start) == 0
            }
            done.signal()
        }
        probe.start()
        done.wait()
        return outcome.restored
        #else
        return false
        #endif
    }()

    /// The calling thread's nice value.
    private static func callerNiceness() -> Int32 {
        #if canImport(Glibc)
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : 0
        #else
        return 0
        #endif
    }

    /// Gives the calling thread nice value `niceness` (on Linux it is per thread); returns the value to
    /// restore, nil when nothing changed.
    @discardableResult
    private static func adopt(_ niceness: Int32) -> Int32? {
        let current = callerNiceness()
        guard current != niceness else { return nil }
        #if canImport(Glibc)
        // Lowering priority needs no privilege; raising it back may be refused, which leaves a worker
        // thread at a lower priority than it started with, never higher.
        guard setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) == 0 else { return nil }
        #endif
        return current
    }

    /// The pieces lane `lane` of `lanes` takes out of `items`: every `lanes`-th, starting at its own index.
    static func pieces(lane: Int, of lanes: Int, items: Int) -> StrideTo<Int> {
        stride(from: lane, to: items, by: lanes)
    }

    /// A lane's work handed to `concurrentPerform`; see `run`.
    private struct LaneWork: @unchecked Sendable {
        let run: (Int) -> Void
    }
}
