import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `auscult serve` as a child process on a free loopback port over a data directory, and a client for
/// its API: what the crash, shutdown and storage tests drive.
struct ServeProcess: Sendable {
    let child: ChildProcess
    let client: ServeClient

    /// Starts the server (without the demo cohort; `prefix` runs it through a wrapper such as
    /// `prlimit`) and returns once `/healthz` answers, or throws with the server's output.
    static func start(
        dataDirectory: URL, token: String, options: [String] = [], prefix: [String] = [], environment: [String: String] = [:]
    ) async throws -> ServeProcess {
        let port = try freeLoopbackPort()
        let arguments = prefix + [
            try ChildProcess.auscultExecutable(), "serve", "--host", "127.0.0.1", "--port", "\(port)", "--data-dir", dataDirectory.path,
            "--no-demo", "--public-dir", ChildProcess.packageRoot.appendingPathComponent("public").path,
        ] + options
        let log = dataDirectory.deletingLastPathComponent().appendingPathComponent("serve-\(port).log")
        let child = try ChildProcess.spawn(arguments, environment: environment, log: log)
        let server = ServeProcess(child: child, client: ServeClient(port: port, token: token))
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let termination = await child.waitForExit(timeout: .zero) {
                throw FaultTestError("auscult serve \(termination) before serving:\n\(child.output)")
            }
            if let (status, _) = try? await server.client.send("GET", "/healthz"), status == 200 {
                return server
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.stop()
        throw FaultTestError("auscult serve did not answer /healthz within 60 s:\n\(child.output)")
    }

    /// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
    static func freeLoopbackPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FaultTestError("socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw FaultTestError("no free loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A bearer-token client for a server's API over real HTTP.
struct ServeClient: Sendable {
    let port: Int
    let token: String

    var base: String { "http://127.0.0.1:\(port)" }

    /// The same for a thread of its own (`onOwnThread`).
    var blocking: BlockingHTTP { BlockingHTTP(port: port, token: token) }

    /// The status and body of one request.
    func send(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json") async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 600
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if body != nil {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await {
            if let body { return try await URLSession.shared.upload(for: request, from: body) }
            return try await URLSession.shared.data(for: request)
        }()
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// A request whose answer must have `status`, decoded as `T`.
    func expect<T: Decodable>(
        _ status: Int, _ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json", as type: T.Type
    ) async throws -> T {
        let (answered, data) = try await send(method, path, body: body, contentType: contentType)
        guard answered == status else {
            throw FaultTestError("\(method) \(path) answered \(answered), expected \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    func job(_ id: Int64) async throws -> JobView {
        try await expect(200, "GET", "/api/v1/jobs/\(id)", as: JobAnswer.self).job
    }

    /// Polls a job until `condition` holds, or throws after `timeout` with the job as it was.
    @discardableResult
    func waitForJob(_ id: Int64, timeout: Duration = .seconds(60), until condition: (JobView) -> Bool) async throws -> JobView {
        let deadline = ContinuousClock.now + timeout
        var job = try await self.job(id)
        while !condition(job) {
            guard ContinuousClock.now < deadline else { throw FaultTestError("job \(id) did not get there within \(timeout): \(job)") }
            try await Task.sleep(for: .milliseconds(50))
            job = try await self.job(id)
        }
        return job
    }
}

/// A job as `GET /api/v1/jobs/{id}` answers it.
struct JobView: Decodable, Sendable, CustomStringConvertible {
    let id: Int64
    let kind: String
    let state: String
    let progress_done: Int
    let progress_total: Int?
    let error: String?

    var isRunningWithProgress: Bool { state == "running" && progress_done > 0 }
    var hasEnded: Bool { state == "succeeded" || state == "failed" }

    var description: String { "job \(id) (\(kind)) \(state) \(progress_done)/\(progress_total.map(String.init) ?? "?")\(error.map { ": \($0)" } ?? "")" }
}

struct JobAnswer: Decodable, Sendable {
    let job: JobView
}

/// An upload or an evaluation as its endpoints answer it: an id and the job doing its work.
struct JobbedAnswer: Decodable, Sendable {
    let id: Int64
    let state: String?
    let job: JobView?
    let error: String?
    /// Records an upload's ingest has read so far.
    let records_processed: Int?
}

/// The error envelope.
struct ErrorAnswer: Decodable, Sendable {
    struct Body: Decodable, Sendable {
        let code: String
        let message: String
    }
    let error: Body
}
