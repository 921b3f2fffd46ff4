import Foundation

/// Runs `body` on a thread of its own and returns what it returns.
///
/// The fault tests' timing-critical steps (catch a job mid-work, then signal the server) run this way:
/// while other suites' heavy work holds Swift concurrency's few threads, an async test can stall for
/// minutes, long enough for the server to finish the work the test meant to interrupt.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
