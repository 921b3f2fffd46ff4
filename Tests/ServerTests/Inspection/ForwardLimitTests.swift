import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Server

/// `--max-forward-mb`: a model whose forward pass for one week holds more is refused at upload;
/// batches of jobs and gradients shrink to stay under it.
struct ForwardLimitTests {
    func services(limit: Int, over server: DemoModelServer) -> InspectionServices {
        var limits = InspectionServices.Limits()
        limits.forwardElementLimit = limit
        return InspectionServices(database: server.database, limits: limits)
    }

    @Test func aModelOverTheLimitForOneWeekIsRefusedAtUpload() async throws {
        let server = try await DemoModelServer.shared()
        let stored = try await server.database.model(id: server.id("deepheart-leaky"))
        let summary = try await server.services.registry.model(id: server.id("deepheart-leaky")).summary
        let perWeek = try LoadedModel.load(summary: summary, onnx: stored.onnx).imported.forwardElementCount
        print("deepheart-leaky (test scale) holds \(perWeek) float32 elements per week in one forward pass")
        for (limit, accepted) in [(perWeek - 1, false), (perWeek, true)] {
            let services = services(limit: limit, over: server)
            let application = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
            try await application.test(.router) { client in
                let response = try await client.execute(
                    uri: "/api/v1/models?name=limit-\(limit)", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: stored.onnx))
                if accepted {
                    #expect(response.status == .created, "\(response.text)")
                } else {
                    #expect(response.status == .unprocessableContent)
                    let envelope = try response.json(ErrorEnvelope.self)
                    #expect(envelope.error.code == "forward_too_large")
                    #expect(envelope.error.message.contains("\(limit)"))
                }
            }
        }
        let names = try await server.database.modelSummaries().map(\.name)
        #expect(!names.contains("limit-\(perWeek - 1)") && names.contains("limit-\(perWeek)"))
    }

    @Test func batchesShrinkToFitTheLimit() async throws {
        let server = try await DemoModelServer.shared()
        let stored = try await server.database.model(id: server.id("deepheart-relu"))
        let summary = try await server.services.registry.model(id: server.id("deepheart-relu")).summary
        let perWeek = try LoadedModel.load(summary: summary, onnx: stored.onnx).imported.forwardElementCount
        let tight = try LoadedModel.load(summary: summary, onnx: stored.onnx, forwardElementLimit: 3 * perWeek + 1)
        #expect(tight.batchSize(upTo: 16) == 3)
        #expect(tight.batchSize(upTo: 2) == 2)
        #expect(tight.batchSize(upTo: 16, backward: true) == 1)
        // The graph for the batch chosen imports under the limit; one week more does not.
        let registry = services(limit: 3 * perWeek + 1, over: server).registry
        _ = try await registry.graph(for: tight, batch: 3)
        await #expect(throws: ModelBindingResolver.Failure.self) { _ = try await registry.graph(for: tight, batch: 4) }
    }
}
