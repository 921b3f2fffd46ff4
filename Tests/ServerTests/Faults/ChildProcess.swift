import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its output going to a log file: what the fault tests
/// kill (`SIGKILL`, `SIGTERM`) and wait for. Once reaped, its pid is never signalled again (it may
/// belong to another process by then).
final class ChildProcess: Sendable {
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "killed by signal \(signal)"
            }
        }
    }

    let pid: pid_t
    let log: URL
    let command: String
    private let termination = Mutex<Termination?>(nil)

    private init(pid: pid_t, log: URL, command: String) {
        self.pid = pid
        self.log = log
        self.command = command
    }

    /// The `auscult` executable the build placed beside this test bundle (`swift build --build-tests`
    /// builds it), else in the package's `.build/debug`.
    static func auscultExecutable() throws -> String {
        var candidates: [String] = []
        if let bundle = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("auscult").path)
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/auscult").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw FaultTestError("the fault tests run the auscult executable, which is not built (looked at \(candidates.joined(separator: ", "))); "
                + "`swift build --build-tests` (or `make test`) builds it")
        }
        return found
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `arguments[0]` (a path) with the rest as its arguments, stdout and stderr appended to
    /// `log`, the environment of this process plus `environment`, and default signal handling.
    static func spawn(_ arguments: [String], environment: [String: String] = [:], log: URL) throws -> ChildProcess {
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else { throw FaultTestError("cannot create \(log.path)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The test runner may block or ignore signals; the child starts with none blocked and defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGXFSZ, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw FaultTestError("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid, log: log, command: arguments.joined(separator: " "))
    }

    /// Sends `signal` unless the process has been reaped.
    func send(_ signal: Int32) {
        termination.withLock { ended in
            if ended == nil { kill(pid, signal) }
        }
    }

    /// The process's end, or nil if it is still running after `timeout` (it is then left running).
    func waitForExit(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let ended = reap() { return ended }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// `waitForExit` for a thread of its own (`onOwnThread`): blocks it, and notices the end within 5 ms.
    func waitForExitBlocking(timeout: Duration) -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let ended = reap() { return ended }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// How the process ended, once it has (reaping it the first time).
    private func reap() -> Termination? {
        termination.withLock { ended -> Termination? in
            if let ended { return ended }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            let signal = status & 0x7f
            ended = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            return ended
        }
    }

    /// Kills the process if it still runs and reaps it: the cleanup every test does on its way out (in a
    /// `defer`, so it blocks, for the few milliseconds a killed process takes to go).
    func stop() {
        send(SIGKILL)
        _ = waitForExitBlocking(timeout: .seconds(10))
    }

    /// What the process has written so far.
    var output: String {
        (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    }
}

/// A failure of the fault tests' own machinery, with what to do about it.
struct FaultTestError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
