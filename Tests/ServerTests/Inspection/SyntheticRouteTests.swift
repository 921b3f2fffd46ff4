import Foundation
import HummingbirdTesting
import Inspection
import NIOCore
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
}
