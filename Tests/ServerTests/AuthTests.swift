import Foundation
import HTTPTypes
import Hummingbird
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

    /// Another process (`auscult token revoke`) revokes in the database: a server trusts its last lookup
    /// of the token for the lookup lifetime, and reads the database again after it.
    @Test func aTokenRevokedElsewhereIsTrustedOnlyForTheLookupLifetime() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        for lifetime in [Duration.seconds(3600), .zero] {
            let (token, record) = try server.database.createToken(scope: .read)
            let router = try buildRouter(
                services: InspectionServices(database: server.database), publicDirectory: TestServer.publicDirectory, tokenLifetime: lifetime)
            try await Application(router: router).test(.router) { client in
                let headers: HTTPFields = [.authorization: "Bearer \(token)"]
                #expect(try await client.execute(uri: "/api/v1/users", method: .get, headers: headers).status == .ok)
                try server.database.revokeToken(id: try #require(record.id))
                let after = try await client.execute(uri: "/api/v1/users", method: .get, headers: headers).status
                #expect(after == (lifetime == .zero ? .unauthorized : .ok), "lifetime \(lifetime)")
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
