import ArgumentParser
import Foundation
import Server
import Store

/// The service running inside this process on a free loopback port, with a read token: what the
/// benchmarks talk to, so that they time real HTTP.
struct LoopbackService {
    let client: BenchHTTPClient
    private let serving: Task<Void, any Error>
    private let database: AppDatabase
    private let tokenID: Int64

    static func start(database: AppDatabase, dataDirectory: URL, label: String) async throws -> LoopbackService {
        let (token, record) = try database.createToken(scope: .read, label: label)
        let port = try FreePort.find()
        let app = try buildApplication(
            configuration: ServerConfiguration(
                host: "127.0.0.1", port: port, dataDirectory: dataDirectory, publicDirectory: URL(fileURLWithPath: "public"), logLevel: .warning),
            database: database)
        let service = LoopbackService(
            client: BenchHTTPClient(base: "http://127.0.0.1:\(port)/api/v1", token: token),
            serving: Task { try await app.runService() }, database: database, tokenID: record.id!)
        try await service.client.waitUntilServing()
        return service
    }

    /// Stops serving and revokes the token.
    func stop() {
        serving.cancel()
        _ = try? database.revokeToken(id: tokenID)
    }
}
