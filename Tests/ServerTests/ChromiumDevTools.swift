import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands
/// go to the browser's fd 3, answers come from its fd 4, each JSON message ended by a NUL byte), so tests
/// can load a page, send real mouse input, and read the page's state.
final class ChromiumDevTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let pid: pid_t
    private let commands: Int32
    private let answers: Int32
    private let profile: URL
    private var buffer: [UInt8] = []
    private var nextID = 0
    private var sessionID: String?

    init() throws {
        let executable = try #require(
            ViewerBrowserTests.chromiumCandidates.first { FileManager.default.isExecutableFile(atPath: $0) },
            "the viewer tests need Chromium (`make test` installs it)")
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-devtools-\(UUID().uuidString)")
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure(description: "pipe() failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--remote-debugging-pipe", "--window-size=1300,2000", "--user-data-dir=\(profile.path)", "about:blank",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, &argv, environ)
        close(toBrowser[0])
        close(fromBrowser[1])
        guard status == 0 else { throw Failure(description: "posix_spawn of \(executable) failed: \(status)") }
        pid = child
        commands = toBrowser[1]
        answers = fromBrowser[0]
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(commands)
        close(answers)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Opens a page target and attaches to it; later commands go to that page.
    func openPage() throws {
        let target = try send("Target.createTarget", ["url": "about:blank"], toPage: false)
        let targetID = try #require(target["targetId"] as? String)
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], toPage: false)
        sessionID = try #require(attached["sessionId"] as? String)
        _ = try send("Page.enable", [:])
        _ = try send("Emulation.setDeviceMetricsOverride", ["width": 1300, "height": 2000, "deviceScaleFactor": 1, "mobile": false])
    }

    func navigate(_ url: String) throws {
        _ = try send("Page.navigate", ["url": url])
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    @discardableResult
    func evaluate(_ expression: String) throws -> Any? {
        let answer = try send("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true])
        if let exception = answer["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return (answer["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` every 100 ms until it is truthy (or throws after `seconds`).
    @discardableResult
    func waitFor(_ expression: String, seconds: Double = 60) throws -> Any? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try evaluate(expression), !(value is NSNull), (value as? Bool) != false, (value as? String) != "" {
                return value
            }
            usleep(100_000)
        }
        throw Failure(description: "timed out waiting for \(expression)")
    }

    /// Real mouse input at viewport coordinates.
    func mouse(_ type: String, x: Double, y: Double, button: String = "none", clicks: Int = 0) throws {
        _ = try send("Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": button, "clickCount": clicks])
    }

    /// The viewport point at fractions (fx, fy) of the element `selector`, scrolled into view first.
    func point(in selector: String, fx: Double, fy: Double) throws -> (x: Double, y: Double) {
        let box = try #require(try evaluate("""
            (() => { const e = document.querySelector('\(selector)'); e.scrollIntoView({block: 'center'});
                     const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()
            """) as? [Double])
        return (box[0] + box[2] * fx, box[1] + box[3] * fy)
    }

    private func send(_ method: String, _ parameters: [String: Any], toPage: Bool = true) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if toPage {
            guard let sessionID else { throw Failure(description: "\(method): openPage() first") }
            message["sessionId"] = sessionID
        }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "the browser closed its pipe") }
            written += count
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let reply = try readMessage(until: deadline)
            guard reply["id"] as? Int == nextID else { continue }  // an event, or an older answer
            if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
        throw Failure(description: "\(method): no answer within 60 s")
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                return (try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any]) ?? [:]
            }
            var descriptor = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard poll(&descriptor, 1, wait) > 0 else { throw Failure(description: "no message from the browser in time") }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(answers, &chunk, chunk.count)
            guard count > 0 else { throw Failure(description: "the browser exited") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
