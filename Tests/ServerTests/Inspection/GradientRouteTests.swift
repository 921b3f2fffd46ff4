import Foundation
import HummingbirdTesting
import Inspection
import NeuralEngine
import Testing

@testable import Server

/// `/api/v1/models/{id}/weeks/{week}/gradients` and the split average, against the engine's own
/// backward pass on the trained graph.
@Suite(.serialized)
struct GradientRouteTests {
    struct Answer: Decodable {
        struct Profile: Decodable {
            struct Channel: Decodable {
                let name: String
                let values: [Float]
            }
            struct Horizon: Decodable {
                let left_bins: Int
                let right_bins: Int
            }
            let channels: [Channel]
            let l2: [Float]
            let peak: Float
            let centre_bin: Int?
            let horizon: Horizon?
        }
        struct Feature: Decodable {
            let name: String
            let gradient: Float
        }
        struct Completeness: Decodable {
            let attribution_sum: Float
            let output_difference: Float
        }
        let output: String
        let t0: Int?
        let method: String
        let week_ids: [Int64]
        let profile: Profile
        let metadata: [Feature]
        let completeness: Completeness?
    }

    func get(_ uri: String, _ server: DemoModelServer) async throws -> (status: Int, answer: Answer?, text: String) {
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get, headers: server.headers())
            return (Int(response.status.code), response.status == .ok ? try response.json(Answer.self) : nil, response.text)
        }
    }

    @Test func weekGradientEqualsTheEngineBackwardPassAtTheMidpoint() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[0]
        let name = "deepheart-long-memory"
        let (status, answer, text) = try await get("/api/v1/models/\(server.id(name))/weeks/\(weekID)/gradients", server)
        #expect(status == 200, "\(text)")
        let result = try #require(answer)
        let execution = try await server.referenceExecution(name, weekID: weekID)
        let perStep = execution.values["per_step"]!
        let t0 = perStep.shape[1] / 2
        #expect(result.output == "per_step" && result.t0 == t0 && result.method == "gradient")
        let gradients = try GraphExecutor(graph: server.graphs[name]!).gradients(
            of: execution, seeds: ["per_step": .oneHot(shape: perStep.shape, index: [0, t0, 0])])
        let series = gradients["series"]!.values  // (1, 4096, 3)
        let peak = series.map(abs).max()!
        var worst: Float = 0
        for (channel, entry) in result.profile.channels.enumerated() {
            let values = entry.values
            for t in 0..<4096 { worst = max(worst, abs(values[t] - series[3 * t + channel])) }
        }
        print("gradient endpoint vs engine: max |difference| \(worst), peak \(peak) (tolerance 1e-5 · peak)")
        #expect(worst <= 1e-5 * peak)
        #expect(result.profile.channels.map(\.name) == ["heart_rate", "steps", "observed"])
        let metadata = gradients["metadata"]!.values
        #expect(zip(result.metadata.map(\.gradient), metadata).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        #expect(result.profile.centre_bin == t0 * 16 + 8)
    }

    @Test func shortMemoryHorizonIsShorterThanLongMemoryHorizon() async throws {
        let server = try await DemoModelServer.shared()
        var lags: [String: Int] = [:]
        for name in ["deepheart-short-memory", "deepheart-long-memory"] {
            for weekID in server.tuningWeekIDs.prefix(2) {
                let result = try #require(try await get("/api/v1/models/\(server.id(name))/weeks/\(weekID)/gradients", server).answer)
                let horizon = try #require(result.profile.horizon)
                print("\(name) week \(weekID): horizon \(horizon.left_bins) bins left, \(horizon.right_bins) right")
                lags[name] = max(lags[name] ?? 0, horizon.left_bins, horizon.right_bins)
            }
        }
        #expect(lags["deepheart-short-memory"]! <= 256)
        #expect(lags["deepheart-long-memory"]! > 256)
    }

    @Test func splitAverageIsTheMeanOfTheWeeksMagnitudes() async throws {
        let server = try await DemoModelServer.shared()
        let id = server.id("deepheart-leaky")
        let result = try #require(try await get("/api/v1/models/\(id)/gradients?weeks=split:tuning&sample=4", server).answer)
        #expect(result.week_ids.count == 4)
        var mean = [Float](repeating: 0, count: 4096)
        for weekID in result.week_ids {
            let week = try #require(try await get("/api/v1/models/\(id)/weeks/\(weekID)/gradients", server).answer)
            for t in 0..<4096 { mean[t] += week.profile.l2[t] / 4 }
        }
        let worst = zip(mean, result.profile.l2).map { abs($0 - $1) }.max()!
        print("split average vs mean of single weeks: max |difference| \(worst), peak \(result.profile.peak)")
        #expect(worst <= 1e-5 * result.profile.peak)
    }

    @Test func integratedGradientsAddUpToTheOutputDifference() async throws {
        let server = try await DemoModelServer.shared()
        // The Riemann sum converges as 1/steps where the path crosses many activation kinks; on
        // deepheart-leaky's week 3 it is still 14 % off at 128 steps (0.0043 against 0.0038), here 0.03 %.
        let uri = "/api/v1/models/\(server.id("deepheart-apnea"))/weeks/\(server.tuningWeekIDs[3])/gradients?method=integrated&steps=64"
        let result = try #require(try await get(uri, server).answer)
        let completeness = try #require(result.completeness)
        let gap = abs(completeness.attribution_sum - completeness.output_difference)
        print("integrated gradients (64 steps): attributions sum \(completeness.attribution_sum), F(x) − F(baseline) \(completeness.output_difference)")
        #expect(result.method == "integrated")
        #expect(gap <= 0.05 * abs(completeness.output_difference) + 1e-4)
    }

    @Test func pooledPredictionAndPlotAndBadParameters() async throws {
        let server = try await DemoModelServer.shared()
        let id = server.id("deepheart-relu")
        let week = server.tuningWeekIDs[0]
        let leaky = try #require(try await get("/api/v1/models/\(server.id("deepheart-leaky"))/weeks/\(week)/gradients?output=pooled", server).answer)
        #expect(leaky.t0 == nil && leaky.profile.horizon == nil && leaky.profile.peak > 0)
        // ReLU's dead act2 cuts every path from the series to the prediction; only the metadata reaches it.
        let relu = try #require(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?output=pooled", server).answer)
        #expect(relu.profile.peak == 0 && relu.metadata.contains { $0.gradient != 0 })
        #expect(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?t=256", server).status == 400)
        #expect(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?output=pooled&t=3", server).status == 400)
        #expect(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?output=nope", server).status == 404)
        #expect(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?weeks=split:nope", server).status == 400)
        #expect(try await get("/api/v1/models/\(id)/gradients?weeks=split:tuning&sample=100000", server).status == 400)
        #expect(try await get("/api/v1/models/\(id)/weeks/\(week)/gradients?method=integrated&steps=1000", server).status == 400)

        let model = try await server.services.registry.model(id: id)
        let query = GradientController.Query(
            target: GradientTarget(output: "per_step", layout: .ntc, t0: 128, unit: 0, centreBin: 128 * 16 + 8), threshold: 1e-3,
            integrationSteps: nil, split: nil, sample: 64)
        let report = try await GradientReport.compute(services: server.services, model: model, weekID: week, query: query)
        let size = LogLinePlotRenderer.size(for: GradientPlot.input(report))
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/models/\(id)/weeks/\(week)/gradients.png", method: .get, headers: server.headers())
            #expect(response.headers[.contentType] == "image/png")
            let image = try PNGTestDecoder(Data(buffer: response.body))
            print("gradients.png: \(image.width) × \(image.height) pixels")
            #expect(image.width == size.width && image.height == size.height)
        }
    }
}
