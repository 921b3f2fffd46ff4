import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@testable import Server

/// Every operation of the OpenAPI document, walked with no token, a wrong token and a token of each
/// scope: the status must follow the operation's `x-required-scope`.
struct ScopeTableTests {
    struct Operation: CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let scope: TokenScope?
        var description: String { "\(method) \(path)" }
    }

    static func operations() throws -> [Operation] {
        let url = serverDocument()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        return paths.flatMap { path, methods in
            methods.map { method, operation in
                Operation(
                    method: HTTPRequest.Method(rawValue: method.uppercased())!,
                    // Ids that exist in the test cohort (user 1, week 1) or that do not (model 1, job 1); a token id
                    // that does not exist, so that the walk never revokes the tokens it walks with.
                    path: path.replacingOccurrences(of: "/tokens/{id}", with: "/tokens/999999")
                        .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{week}", with: "1"),
                    scope: (operation["x-required-scope"] as? String).flatMap(TokenScope.init(rawValue:)))
            }
        }.sorted { $0.description < $1.description }
    }

    static func serverDocument() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Server/Resources/openapi.json")
    }

    @Test func everyOperationAnswersByTheScopeItDeclares() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        let operations = try Self.operations()
        #expect(operations.count >= 20)
        try await server.application.test(.router) { client in
            for operation in operations {
                guard let required = operation.scope else {
                    let response = try await client.execute(uri: operation.path, method: operation.method)
                    #expect(response.status != .unauthorized, "\(operation) declares no scope but refuses anonymous requests")
                    continue
                }
                let anonymous = try await client.execute(uri: operation.path, method: operation.method)
                #expect(anonymous.status == .unauthorized, "\(operation) without a token: \(anonymous.status)")
                let wrong = try await client.execute(uri: operation.path, method: operation.method, headers: [.authorization: "Bearer ausc_wrong"])
                #expect(wrong.status == .unauthorized, "\(operation) with an unknown token: \(wrong.status)")
                for scope in TokenScope.allCases {
                    let response = try await client.execute(uri: operation.path, method: operation.method, headers: server.headers(scope))
                    if scope.permits(required) {
                        #expect(response.status != .unauthorized && response.status != .forbidden, "\(operation) with \(scope): \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(operation) with \(scope) (needs \(required)): \(response.status)")
                    }
                }
            }
        }
    }
}
