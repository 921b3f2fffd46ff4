import Foundation
import Hummingbird
import HummingbirdTesting
import Inspection
import Testing

@testable import Server

/// `/api/v1/models/{id}/weeks/{week}/activations` (JSON and PNG) against the engine's own forward run.
@Suite(.serialized)
struct ActivationRouteTests {
    struct Answer: Decodable {
        struct Heatmap: Decodable {
            let units: Int
            let bins: Int
            let steps: Int
            let bin_start_steps: [Int]
            let mean: [Float]
            let min: [Float]
            let max: [Float]
            let value_min: Float
            let value_max: Float
        }
        struct Time: Decodable {
            let bin_start_utc: [String]
            let bin_start_local: [String]
        }
        struct Tensor: Decodable {
            let name: String
            let layout: String
        }
        let tensor: Tensor
        let heatmap: Heatmap
        let time: Time
    }

    @Test func binnedActivationsEqualTheEngineRunAndCarryRealTimestamps() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[0]
        let id = server.id("deepheart-leaky")
        let reference = try await server.referenceExecution("deepheart-leaky", weekID: weekID)
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/models/\(id)/weeks/\(weekID)/activations?tensor=lstm_features&bins=64", method: .get, headers: server.headers())
            #expect(response.status == .ok, "\(response.text)")
            let answer = try response.json(Answer.self)
            let expected = try UnitTimeMatrix(tensor: reference.values["lstm_features"]!, batchRow: 0, layout: .ntc)
            #expect(answer.tensor.layout == "NTC")
            #expect(answer.heatmap.units == expected.units && answer.heatmap.bins == 64 && answer.heatmap.steps == expected.steps)
            var worst: Float = 0
            for unit in 0..<expected.units {
                for bin in 0..<64 {
                    let window = expected.unit(unit).dropFirst(answer.heatmap.bin_start_steps[bin]).prefix(expected.steps / 64)
                    let mean = window.reduce(0, +) / Float(window.count)
                    worst = max(worst, abs(mean - answer.heatmap.mean[unit * 64 + bin]))
                    #expect(answer.heatmap.min[unit * 64 + bin] == window.min()!)
                }
            }
            print("activations vs engine: max |mean difference| \(worst) (tolerance 1e-5)")
            #expect(worst < 1e-5)
            #expect(answer.heatmap.value_min == expected.values.min()! && answer.heatmap.value_max == expected.values.max()!)
            let week = try await server.database.week(id: weekID)
            let firstBin = Date(timeIntervalSince1970: week.series.utcTimestamp(ofBin: 0))
            #expect(answer.time.bin_start_utc.count == 64)
            #expect(answer.time.bin_start_utc[0] == ISO8601DateFormatter().string(from: firstBin))
            #expect(answer.time.bin_start_local[0].hasSuffix("T00:00:00"), "weeks start at local midnight: \(answer.time.bin_start_local[0])")

            let full = try await client.execute(
                uri: "/api/v1/models/\(id)/weeks/\(weekID)/activations?tensor=act2&bins=0", method: .get, headers: server.headers())
            let fullAnswer = try full.json(Answer.self)
            #expect(fullAnswer.heatmap.bins == fullAnswer.heatmap.steps)
            #expect(fullAnswer.heatmap.mean == reference.values["act2"]!.values)

            let defaulted = try await client.execute(uri: "/api/v1/models/\(id)/weeks/\(weekID)/activations", method: .get, headers: server.headers())
            let defaultAnswer = try defaulted.json(Answer.self)
            #expect(defaultAnswer.tensor.name == "conv1" && defaultAnswer.heatmap.bins == min(512, defaultAnswer.heatmap.steps))
        }
    }

    @Test func heatmapPNGDecodesAtTheStatedSize() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[1]
        let id = server.id("deepheart-relu")
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/models/\(id)/weeks/\(weekID)/activations.png?tensor=conv3&bins=128", method: .get, headers: server.headers())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "image/png")
            let image = try PNGTestDecoder(Data(buffer: response.body))
            let model = try await server.services.registry.model(id: id)
            let tensor = try #require(model.binding.inspectableTensor(named: "conv3"))
            let (_, week) = try await server.services.encodedWeek(id: weekID)
            let tensors = try await server.services.tensors(of: model, week: week)
            let heatmap = ActivationHeatmap.summarize(try UnitTimeMatrix(tensor: tensors["conv3"]!, batchRow: 0, layout: .nct), bins: 128)
            let size = HeatmapRenderer.size(for: ActivationController.heatmapInput(heatmap, model: model, tensor: tensor, weekID: weekID))
            print("activations.png: \(image.width) × \(image.height) pixels for 4 units × 128 bins")
            #expect(image.width == size.width && image.height == size.height)
            #expect(heatmap.units == 4 && heatmap.bins == 128)
        }
    }

    @Test func identicalRequestsAreAnsweredFromTheCache() async throws {
        let server = try await DemoModelServer.shared()
        let uri = "/api/v1/models/\(server.id("deepheart-relu"))/weeks/\(server.tuningWeekIDs[2])/activations?tensor=act1&bins=32"
        // Services of its own, so that other suites running meanwhile do not count in its cache.
        let services = InspectionServices(database: server.database)
        let application = Application(router: try buildRouter(services: services, publicDirectory: TestServer.publicDirectory))
        try await application.test(.router) { client in
            let first = try await client.execute(uri: uri, method: .get, headers: server.headers())
            let (missesAfterFirst, hitsAfterFirst) = (await services.responses.misses, await services.responses.hits)
            #expect(missesAfterFirst == 1 && hitsAfterFirst == 0)
            async let second = client.execute(uri: uri, method: .get, headers: server.headers())
            async let third = client.execute(uri: uri, method: .get, headers: server.headers())
            let (b, c) = try await (second, third)
            let (misses, hits) = (await services.responses.misses, await services.responses.hits)
            #expect(hits == 2 && misses == 1)
            #expect(first.body == b.body && b.body == c.body)
        }
    }

    @Test func badRequestsNameTheirCause() async throws {
        let server = try await DemoModelServer.shared()
        let id = server.id("deepheart-relu")
        let week = server.tuningWeekIDs[0]
        try await server.application.test(.router) { client in
            let unknown = try await client.execute(uri: "/api/v1/models/\(id)/weeks/\(week)/activations?tensor=nope", method: .get, headers: server.headers())
            #expect(unknown.status == .notFound)
            let envelope = try unknown.json(ErrorEnvelope.self)
            #expect(envelope.error.code == "unknown_tensor" && envelope.error.details?["valid"]?.contains("act2") == true)
            let bins = try await client.execute(uri: "/api/v1/models/\(id)/weeks/\(week)/activations?bins=5000", method: .get, headers: server.headers())
            #expect(bins.status == .badRequest)
            let noWeek = try await client.execute(uri: "/api/v1/models/\(id)/weeks/999999/activations", method: .get, headers: server.headers())
            #expect(noWeek.status == .notFound)
            let noModel = try await client.execute(uri: "/api/v1/models/999999/weeks/\(week)/activations", method: .get, headers: server.headers())
            #expect(noModel.status == .notFound)
            let anonymous = try await client.execute(uri: "/api/v1/models/\(id)/weeks/\(week)/activations", method: .get, headers: [:])
            #expect(anonymous.status == .unauthorized)
        }
    }
}
