import Foundation
import HTTPTypes
import HummingbirdTesting
import Store
import Testing

@testable import Server

struct AuthTests {
    static let protectedPaths = [
        "/api/v1/users", "/api/v1/users/1", "/api/v1/users/1/weeks", "/api/v1/weeks", "/api/v1/weeks/1",
        "/api/v1/openapi.json",
    ]

    @Test(arguments: protectedPaths)
    func everyAPIRouteRequiresAToken(path: String) async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"auscult\"")
                let decoded = try response.json(ErrorEnvelope.self)
                #expect(decoded.error.code == "unauthorized")
            }
            try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer ausc_wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: path, method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"]) { response in
                #expect(response.status == .unauthorized)
                let decoded = try response.json(ErrorEnvelope.self)
                #expect(decoded.error.message.contains("Bearer"))
            }
            for scope in [TokenScope.read, .upload, .admin] {
                try await client.execute(uri: path, method: .get, headers: server.headers(scope)) { response in
                    #expect(response.status == .ok, "\(path) with a \(scope) token")
                }
            }
        }
    }

    @Test func revokedTokenIsRefused() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        let (token, record) = try server.database.createToken(scope: .read)
        try server.database.revokeToken(id: try #require(record.id))
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/users", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func healthAndStaticFilesNeedNoToken() async throws {
        let server = try TestServer(users: 3, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"users\":3"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("<title>Auscult"))
            }
        }
    }
}
