import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

struct OpenAPIDocumentTests {
    /// (METHOD, path) of every operation in the served OpenAPI document.
    func documentedOperations(_ server: TestServer) async throws -> Set<String> {
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: server.headers(.read)) { response in
                #expect(response.status == .ok)
                let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                var operations: Set<String> = []
                for (path, methods) in paths {
                    for method in methods.keys { operations.insert("\(method.uppercased()) \(path)") }
                }
                return operations
            }
        }
    }

    @Test func documentsExactlyTheRegisteredRoutes() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        let registered = Set(try server.makeRouter().routes.map { "\($0.method) \($0.path)" })
        let documented = try await documentedOperations(server)
        #expect(registered.count >= 7)
        #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
    }
}
