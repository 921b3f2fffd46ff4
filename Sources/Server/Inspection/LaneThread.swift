import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own that runs closures one at a time, in order, at a lowered scheduling priority.
///
/// Compute lanes run on these rather than on dispatch queues because a thread's priority is what the
/// kernel honours: on a machine with few cores, the event loops and the cooperative threads that answer
/// cached reads must win the CPU from a forward pass, a plot or a parse running at the same time.
/// (libdispatch on Linux does not turn a queue's QoS into thread priority.)
final class LaneThread: @unchecked Sendable {
    // Guarded by `condition`: the closures waiting to run, and whether the thread is to end.
    private var pending: [@Sendable () -> Void] = []
    private var stopping = false
    private let condition = NSCondition()

    /// `niceness` is the thread's nice value (0 normal, 19 lowest); lowering priority needs no privileges.
    init(name: String, niceness: Int32) {
        let thread = Thread { [self] in
            #if canImport(Glibc)
            // On Linux the nice value belongs to the thread, and `who` 0 is the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            #endif
            runUntilStopped()
        }
        thread.name = name
        thread.start()
    }

    func async(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        pending.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the closures already queued have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runUntilStopped() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopping { condition.wait() }
            if pending.isEmpty {
                condition.unlock()
                return
            }
            let work = pending.removeFirst()
            condition.unlock()
            work()
        }
    }
}
