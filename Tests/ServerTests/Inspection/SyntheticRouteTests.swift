import Foundation
import HummingbirdTesting
import Inspection
import NIOCore
import Store
import Testing

@testable import Server

/// Synthetic targets over HTTP, and linear probes of the demo models' layers.
@Suite(.serialized)
struct SyntheticRouteTests {
    @Test func weekTargetsEqualTheLibraryAndSplitTablesListEveryWeek() async throws {
        let server = try await DemoModelServer.shared()
        let weekID = server.tuningWeekIDs[0]
        struct WeekAnswer: Decodable {
            struct Target: Decodable {
                let task: String
                let value: Double?
                let reason: String?
            }
            let targets: [Target]
        }
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/weeks/\(weekID)/synthetic?night=22-6", method: .get, headers: server.headers())
            #expect(response.status == .ok, "\(response.text)")
            let answer = try response.json(WeekAnswer.self)
            let week = try await server.database.week(id: weekID)
            var options = SyntheticTaskOptions()
            options.nightWindow = LocalHourWindow(startHour: 22, endHour: 6)
            let expected = SyntheticTargets.value(.stdDayMinusNight, week: SyntheticController.syntheticWeek(week), options: options)
            #expect(answer.targets.map(\.task) == SyntheticTask.allCases.map(\.rawValue))
            #expect(answer.targets.first?.value == expected.value)

            let csv = try await client.execute(uri: "/api/v1/synthetic/resting_hr?split=tuning&format=csv", method: .get, headers: server.headers())
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "week_id,user_id,resting_hr,reason")
            #expect(lines.count == server.tuningWeekIDs.count + 1)

            let unknown = try await client.execute(uri: "/api/v1/synthetic/nope", method: .get, headers: server.headers())
            #expect(unknown.status == .notFound)
            let badWindow = try await client.execute(uri: "/api/v1/weeks/\(weekID)/synthetic?day=8", method: .get, headers: server.headers())
            #expect(badWindow.status == .badRequest)
        }
    }

    @Test func probesScoreEveryTensorOnTheTuningSplit() async throws {
        let server = try await DemoModelServer.shared()
        struct Answer: Decodable {
            struct Report: Decodable {
                struct Tensor: Decodable {
                    let tensor: String
                    let r2: Double?
                    let train_weeks: Int
                    let tuning_weeks: Int
                }
                let task: String
                let tensors: [Tensor]
            }
            let report: Report?
        }
        func probe(_ model: String) async throws -> Answer.Report {
            try await server.application.test(.router) { client in
                let response = try await client.execute(
                    uri: "/api/v1/models/\(server.id(model))/probes?wait=120", method: .post, headers: server.headers(),
                    body: ByteBuffer(string: #"{"task": "std_day_minus_night", "tensors": ["conv1", "act2", "lstm_features"], "l2": 10}"#))
                #expect(response.status == .ok, "\(response.text)")
                return try #require(try response.json(Answer.self).report)
            }
        }
        let leaky = try await probe("deepheart-leaky")
        let relu = try await probe("deepheart-relu")
        for tensor in leaky.tensors + relu.tensors {
            print("probe \(tensor.tensor): R² \(tensor.r2.map { String($0) } ?? "nil") (\(tensor.train_weeks) train, \(tensor.tuning_weeks) tuning weeks)")
        }
        #expect(leaky.tensors.map(\.tensor) == ["conv1", "act2", "lstm_features"])
        // A dead layer's pooled features are all 0: its probe predicts the train mean, so R² ≤ 0.
        let dead = try #require(relu.tensors.first { $0.tensor == "act2" })
        #expect((dead.r2 ?? 0) <= 0)
        let living = try #require(leaky.tensors.first { $0.tensor == "lstm_features" }?.r2)
        #expect(living > (dead.r2 ?? 0))
    }

    @Test func learnabilityRunTrainsAFreshCopyFineTunesItAndStoresEveryModel() async throws {
        let server = try await DemoModelServer.shared()
        struct Answer: Decodable {
            struct Report: Decodable {
                struct Epoch: Decodable {
                    let epoch: Int
                    let train_loss: Double
                    let tuning_r2: Double?
                }
                struct Model: Decodable {
                    let id: Int64
                    let role: String
                    let onnx: String
                }
                struct Pretraining: Decodable {
                    struct Metrics: Decodable { let auroc: Double?; let auroc_clusters: Int? }
                    let pretrained: Metrics
                    let from_scratch: Metrics
                }
                let epochs: [Epoch]
                let models: [Model]
                let pretraining: Pretraining?
            }
            let report: Report?
        }
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/models/\(server.id("deepheart-long-memory"))/synthetic-training?wait=120", method: .post, headers: server.headers(),
                body: ByteBuffer(string: #"{"task": "std_day_minus_night", "epochs": 2, "pretrain": true, "label": "diabetes"}"#))
            #expect(response.status == .ok, "\(response.text)")
            let report = try #require(try response.json(Answer.self).report)
            for epoch in report.epochs { print("epoch \(epoch.epoch): train loss \(epoch.train_loss), tuning R² \(epoch.tuning_r2 ?? .nan)") }
            print("pretrained AUROC \(report.pretraining?.pretrained.auroc ?? .nan), from scratch \(report.pretraining?.from_scratch.auroc ?? .nan)")
            #expect(report.epochs.map(\.epoch) == [1, 2])
            let tuningUsers = try await server.database.users(matching: CohortFilter(split: .tuning), page: PageRequest(limit: 1000, offset: 0)).items.count
            #expect(report.pretraining?.pretrained.auroc_clusters == tuningUsers, "tuning AUROC intervals count users")
            #expect(report.epochs.allSatisfy { $0.train_loss.isFinite })
            #expect(report.models.map(\.role) == ["synthetic", "pretrained", "scratch"])
            for model in report.models {
                let onnx = try await client.execute(uri: model.onnx, method: .get, headers: server.headers())
                #expect(onnx.status == .ok && onnx.body.readableBytes > 1000)
                let detail = try await client.execute(uri: "/api/v1/models/\(model.id)", method: .get, headers: server.headers())
                #expect(detail.status == .ok, "stored model \(model.id) cannot be served: \(detail.text)")
            }

            let bytes = try await server.database.model(id: server.id("deepheart-leaky")).onnx
            let upload = try await client.execute(
                uri: "/api/v1/models?name=without-card", method: .post, headers: server.headers(.upload), body: ByteBuffer(bytes: bytes))
            struct Created: Decodable {
                struct Model: Decodable { let id: Int64 }
                let model: Model
            }
            let id = try upload.json(Created.self).model.id
            let refused = try await client.execute(
                uri: "/api/v1/models/\(id)/synthetic-training", method: .post, headers: server.headers(),
                body: ByteBuffer(string: #"{"task": "resting_hr"}"#))
            #expect(refused.status == .unprocessableContent)
            #expect(try refused.json(ErrorEnvelope.self).error.code == "no_architecture")
        }
    }
}
