import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Server

/// What every response carries, and what the static file server must never hand out.
struct HardeningTests {
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
    ]

    @Test func everyResponseCarriesTheSecurityHeadersErrorsIncluded() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            for (uri, headers, status) in [
                ("/", HTTPFields(), HTTPResponse.Status.ok), ("/app.js", [:], .ok), ("/api/v1/users", server.headers(.read), .ok),
                ("/api/v1/users", [:], .unauthorized), ("/no-such-file.css", [:], .notFound), ("/api/v1/weeks/999999", server.headers(.read), .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(response.status == status, "\(uri)")
                for (name, value) in Self.securityHeaders {
                    #expect(response.headers[HTTPField.Name(name)!] == value, "\(uri): \(name)")
                }
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(uri): Content-Security-Policy")
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && policy.contains("connect-src 'self'"))
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            }
        }
    }

    @Test func theViewerNeedsNothingTheContentSecurityPolicyForbids() throws {
        let html = try String(contentsOf: TestServer.publicDirectory.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!html.contains("style=\""), "no inline style attributes")
        #expect(!html.contains("<style"), "no inline style sheet")
        #expect(!html.contains("http://") && !html.contains("https://"), "nothing loaded from elsewhere")
        let scripts = html.components(separatedBy: "<script").dropFirst()
        #expect(scripts.allSatisfy { $0.hasPrefix(" type=\"module\" src=\"/") }, "only the service's own script files")
        for file in try FileManager.default.contentsOfDirectory(atPath: TestServer.publicDirectory.appendingPathComponent("js").path) {
            let source = try String(contentsOf: TestServer.publicDirectory.appendingPathComponent("js/\(file)"), encoding: .utf8)
            #expect(!source.contains("eval(") && !source.contains("new Function("), "\(file) needs no eval")
            #expect(!source.contains("https://") && !source.contains("http://"), "\(file) loads nothing from elsewhere")
        }
    }

    @Test func staticFilesNeverLeaveThePublicDirectory() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-public-\(UUID().uuidString)")
        let publicDirectory = root.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: publicDirectory.appendingPathComponent("js"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("<!doctype html><title>viewer</title>".utf8).write(to: publicDirectory.appendingPathComponent("index.html"))
        let secret = "auscult-secret-\(UUID().uuidString)"
        try Data(secret.utf8).write(to: root.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: publicDirectory.appendingPathComponent("linked.txt"), withDestinationURL: root.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: publicDirectory.appendingPathComponent("outside"), withDestinationURL: root)
        let server = try TestServer(users: 1, weeksPerUser: 1)
        let router = try buildRouter(database: server.database, publicDirectory: publicDirectory)
        try await Application(router: router).test(.router) { client in
            for uri in [
                "/../secret.txt", "/%2e%2e/secret.txt", "/js/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                "/js/..%5c..%5csecret.txt", "/linked.txt", "/outside/secret.txt", "/./../secret.txt",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status != .ok, "\(uri) answered \(response.status)")
                #expect(!String(buffer: response.body).contains(secret), "\(uri) leaked a file outside public/")
            }
            let index = try await client.execute(uri: "/", method: .get)
            #expect(index.status == .ok && String(buffer: index.body).contains("viewer"))
        }
    }

    @Test func crossOriginRequestsGetNoCORSHeadersUnlessOneOriginIsConfigured() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            var headers = server.headers(.read)
            headers[.origin] = "https://elsewhere.example"
            let response = try await client.execute(uri: "/api/v1/users", method: .get, headers: headers)
            #expect(response.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(
                uri: "/api/v1/users", method: .options,
                headers: [.origin: "https://elsewhere.example", .accessControlRequestMethod: "GET"])
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
        }
        let configured = try buildRouter(
            services: InspectionServices(database: server.database), publicDirectory: TestServer.publicDirectory, corsOrigin: "https://notebook.example")
        try await Application(router: configured).test(.router) { client in
            var headers = server.headers(.read)
            headers[.origin] = "https://notebook.example"
            let response = try await client.execute(uri: "/api/v1/users", method: .get, headers: headers)
            #expect(response.status == .ok && response.headers[.accessControlAllowOrigin] == "https://notebook.example")
            let preflight = try await client.execute(
                uri: "/api/v1/users", method: .options,
                headers: [.origin: "https://notebook.example", .accessControlRequestMethod: "GET"])
            #expect(preflight.headers[.accessControlAllowOrigin] == "https://notebook.example")
            #expect(preflight.headers[.accessControlAllowHeaders]?.lowercased().contains("authorization") == true)
        }
    }
}

/// `/api/v1/tokens`: admins create and revoke tokens; a revoked token stops working at once.
struct TokenRouteTests {
    struct Token: Decodable {
        let id: Int64
        let prefix: String
        let scope: String
        let token: String?
        let revoked_at: String?
    }

    @Test func anAdminCreatesATokenThatWorksUntilItIsRevoked() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            let created = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: server.headers(.admin), body: ByteBuffer(string: #"{"scope": "read", "label": "notebook"}"#))
            #expect(created.status == .created)
            let token = try created.json(Token.self)
            let text = try #require(token.token)
            #expect(token.scope == "read" && text.hasPrefix(token.prefix))
            let allowed = try await client.execute(uri: "/api/v1/users", method: .get, headers: [.authorization: "Bearer \(text)"])
            #expect(allowed.status == .ok)
            let listed = try await client.execute(uri: "/api/v1/tokens", method: .get, headers: server.headers(.admin))
            let tokens = try listed.json([Token].self)
            #expect(tokens.contains { $0.id == token.id } && tokens.allSatisfy { $0.token == nil }, "listings never show a token's text")
            let revoked = try await client.execute(uri: "/api/v1/tokens/\(token.id)", method: .delete, headers: server.headers(.admin))
            #expect(revoked.status == .noContent)
            let refused = try await client.execute(uri: "/api/v1/users", method: .get, headers: [.authorization: "Bearer \(text)"])
            #expect(refused.status == .unauthorized)
            let again = try await client.execute(uri: "/api/v1/tokens/\(token.id)", method: .delete, headers: server.headers(.admin))
            #expect(again.status == .notFound)
            let badScope = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: server.headers(.admin), body: ByteBuffer(string: #"{"scope": "root"}"#))
            #expect(badScope.status == .unprocessableContent)
            let notAdmin = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: #"{"scope": "read"}"#))
            #expect(notAdmin.status == .forbidden)
        }
    }
}

/// Requests that start expensive work are limited per token; following jobs never is.
struct RateLimitTests {
    @Test func pastTheBurstATokensExpensiveRequestsAnswer429WithRetryAfter() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        var limits = InspectionServices.Limits()
        limits.expensiveRequestsPerMinute = 2
        limits.expensiveRequestBurst = 2
        let services = InspectionServices(database: server.database, limits: limits)
        let png = ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])
        try await Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory)).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                let response = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.upload), body: png)
                statuses.append(response.status)
                if response.status == .tooManyRequests {
                    let wait = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                    #expect((1...30).contains(wait), "Retry-After: one request refills in 30 s at 2 a minute")
                    #expect(try response.json(ErrorEnvelope.self).error.code == "rate_limited")
                }
            }
            #expect(statuses == [.unsupportedMediaType, .unsupportedMediaType, .tooManyRequests])
            let otherToken = try await client.execute(uri: "/api/v1/uploads?user=x", method: .post, headers: server.headers(.admin), body: png)
            #expect(otherToken.status == .unsupportedMediaType, "each token has its own bucket")
            for _ in 0..<5 {
                let cheap = try await client.execute(uri: "/api/v1/users", method: .get, headers: server.headers(.upload))
                #expect(cheap.status == .ok, "ordinary reads are never limited")
            }
        }
    }

    @Test func theBucketRefillsAtItsRate() {
        let limiter = RateLimiter(perMinute: 60, burst: 1)
        let start = ContinuousClock.now
        #expect(limiter.admit(tokenID: 1, now: start) == nil)
        #expect(limiter.admit(tokenID: 1, now: start) == 1)
        #expect(limiter.admit(tokenID: 1, now: start + .milliseconds(500)) == 1)
        #expect(limiter.admit(tokenID: 1, now: start + .milliseconds(1001)) == nil)
        #expect(limiter.admit(tokenID: 2, now: start) == nil)
    }
}
