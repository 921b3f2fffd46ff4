import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import Server

struct ErrorResponseTests {
    static let badRequests: [(path: String, parameter: String)] = [
        ("/api/v1/users?limit=0", "limit"),
        ("/api/v1/users?limit=5000", "limit"),
        ("/api/v1/users?limit=ten", "limit"),
        ("/api/v1/users?offset=-1", "offset"),
        ("/api/v1/users?split=validation", "split"),
        ("/api/v1/users?source=myspace", "source"),
        ("/api/v1/users?generation=first", "generation"),
        ("/api/v1/users?label=apnea;drop", "label"),
        ("/api/v1/users?label=sleep_apnea:yes", "label"),
        ("/api/v1/users/abc", "id"),
        ("/api/v1/users/0/weeks", "id"),
        ("/api/v1/weeks?user=me", "user"),
        ("/api/v1/weeks?min_coverage=2", "min_coverage"),
        ("/api/v1/weeks/1?format=xml", "format"),
        ("/api/v1/weeks/-4", "id"),
    ]

    @Test(arguments: badRequests)
    func malformedParametersAnswer400NamingTheParameter(path: String, parameter: String) async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: server.headers(.read)) { response in
                #expect(response.status == .badRequest, "\(path)")
                let envelope = try response.json(ErrorEnvelope.self)
                #expect(envelope.error.code == "invalid_parameter")
                #expect(envelope.error.details?["parameter"] == parameter)
                #expect(envelope.error.message.contains(parameter))
            }
        }
    }

    @Test(arguments: ["/api/v1/users/999", "/api/v1/users/999/weeks", "/api/v1/weeks/999", "/api/v1/nothing-here"])
    func unknownIDsAndRoutesAnswer404InTheEnvelope(path: String) async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: server.headers(.read)) { response in
                #expect(response.status == .notFound)
                let decoded = try response.json(ErrorEnvelope.self)
                #expect(decoded.error.code == "not_found")
            }
        }
    }
}
