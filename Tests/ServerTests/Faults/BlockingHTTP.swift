import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 client for one request at a time over a new loopback connection
/// (`Connection: close`), for use on `onOwnThread`'s threads.
struct BlockingHTTP: Sendable {
    let port: Int
    let token: String

    /// The status and body of one request; small bodies only (the server reads the whole request).
    func send(_ method: String, _ path: String, body: Data = Data(), contentType: String = "application/json") throws -> (Int, Data) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw FaultTestError("socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 600, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw FaultTestError("cannot connect to port \(port): \(String(cString: strerror(errno)))") }
        let head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n"
        let request = Data(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, request.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw FaultTestError("\(method) \(path): send failed: \(String(cString: strerror(errno)))") }
            sent += count
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw FaultTestError("\(method) \(path): recv failed: \(String(cString: strerror(errno)))") }
            response.append(contentsOf: buffer[0..<count])
        }
        return try Self.parse(response, request: "\(method) \(path)")
    }

    /// Status and body of a whole response (`Content-Length` or chunked).
    static func parse(_ response: Data, request: String) throws -> (Int, Data) {
        guard let end = response.range(of: Data("\r\n\r\n".utf8)) else { throw FaultTestError("\(request): no complete response head") }
        let head = String(decoding: response[..<end.lowerBound], as: UTF8.self)
        let statusLine = head.prefix { $0 != "\r" }.split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw FaultTestError("\(request): bad status line \(head)") }
        var body = Data(response[end.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") {
            var decoded = Data()
            while let line = body.range(of: Data("\r\n".utf8)),
                  let size = Int(String(decoding: body[..<line.lowerBound], as: UTF8.self), radix: 16), size > 0 {
                decoded.append(body[line.upperBound..<line.upperBound + size])
                body = Data(body[(line.upperBound + size + 2)...])
            }
            body = decoded
        }
        return (status, body)
    }

    /// A request whose answer must have `status`, decoded as `T`.
    func expect<T: Decodable>(
        _ status: Int, _ method: String, _ path: String, body: Data = Data(), contentType: String = "application/json", as type: T.Type
    ) throws -> T {
        let (answered, data) = try send(method, path, body: body, contentType: contentType)
        guard answered == status else {
            throw FaultTestError("\(method) \(path) answered \(answered), expected \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    func job(_ id: Int64) throws -> JobView {
        try expect(200, "GET", "/api/v1/jobs/\(id)", as: JobAnswer.self).job
    }

    /// Polls a job until `condition` holds; throws with the job as it was after `timeout`.
    @discardableResult
    func waitForJob(_ id: Int64, timeout: TimeInterval = 120, until condition: (JobView) -> Bool) throws -> JobView {
        let deadline = Date().addingTimeInterval(timeout)
        var job = try self.job(id)
        while !condition(job) {
            guard Date() < deadline else { throw FaultTestError("job \(id) did not get there within \(timeout) s: \(job)") }
            Thread.sleep(forTimeInterval: 0.02)
            job = try self.job(id)
        }
        return job
    }

    /// Polls an upload until its ingest has read some records, so that it is caught mid-file.
    func waitUntilIngesting(upload id: Int64, timeout: TimeInterval = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let upload = try expect(200, "GET", "/api/v1/uploads/\(id)", as: JobbedAnswer.self)
            if upload.state == "running", (upload.records_processed ?? 0) > 0 { return }
            guard upload.state == "running" || upload.state == "received" else {
                throw FaultTestError("upload \(id) is \(upload.state ?? "?") before its ingest was seen reading: \(upload.error ?? "")")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw FaultTestError("upload \(id)'s ingest read nothing within \(timeout) s")
    }
}
