import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Store
import Wearables

@testable import Server

/// A router over an in-memory database with a small simulated cohort and one token per scope.
struct TestServer: Sendable {
    let database: AppDatabase
    let tokens: [TokenScope: String]
    let simulator: CohortSimulator

    static let publicDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("public", isDirectory: true)

    init(users: Int = 12, weeksPerUser: Int = 2) throws {
        database = try AppDatabase.inMemory()
        simulator = CohortSimulator(seed: 11, userCount: users, weeksPerUser: weeksPerUser)
        try database.seedDemoCohortIfEmpty(simulator)
        var tokens: [TokenScope: String] = [:]
        for scope in TokenScope.allCases {
            tokens[scope] = try database.createToken(scope: scope).token
        }
        self.tokens = tokens
    }

    func makeRouter() throws -> Router<AppRequestContext> {
        try buildRouter(database: database, publicDirectory: Self.publicDirectory)
    }

    var application: some ApplicationProtocol {
        get throws { Application(router: try makeRouter()) }
    }

    func headers(_ scope: TokenScope?) -> HTTPFields {
        guard let scope, let token = tokens[scope] else { return [:] }
        return [.authorization: "Bearer \(token)"]
    }
}

/// The JSON error envelope every failure answers with.
struct ErrorEnvelope: Decodable {
    struct Body: Decodable {
        let code: String
        let message: String
        let details: [String: String]?
    }
    let error: Body
}

extension TestResponse {
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: body))
    }

    var text: String { String(buffer: body) }
}
