import Foundation
import HummingbirdTesting
import Testing

@testable import Server

/// The whole-split unit scans, run as jobs: dead and static units, and units that track sleep.
@Suite(.serialized)
struct DiagnosticsRouteTests {
    struct UnitsAnswer: Decodable {
        struct Job: Decodable {
            let id: Int64
            let state: String
            let progress_done: Int
            let progress_total: Int?
        }
        struct Report: Decodable {
            struct Finding: Decodable {
                let code: String
                let tensor: String
                let units: [Int]
                let likely_cause: String
                let fix: String
            }
            struct Tensor: Decodable {
                let name: String
                let dead_units: [Int]
                let verdicts: [String]
            }
            let weeks: Int
            let tensors: [Tensor]
            let findings: [Finding]
        }
        let job: Job
        let report: Report?
    }

    struct SemanticsAnswer: Decodable {
        struct Report: Decodable {
            struct Unit: Decodable {
                let tensor: String
                let unit: Int
                let auroc: Double
                let direction: String
            }
            let context: String
            let weeks: Int
            let units: [Unit]
        }
        let report: Report?
    }

    func units(_ name: String, _ server: DemoModelServer) async throws -> UnitsAnswer {
        try await server.application.test(.router) { client in
            let uri = "/api/v1/models/\(server.id(name))/diagnostics/units?split=tuning&wait=120"
            let response = try await client.execute(uri: uri, method: .get, headers: server.headers())
            #expect(response.status == .ok, "\(response.text)")
            return try response.json(UnitsAnswer.self)
        }
    }

    @Test func reluScanFindsTheDeadLayerAndTheLayerEmittingItsBias() async throws {
        let server = try await DemoModelServer.shared()
        let answer = try await units("deepheart-relu", server)
        let report = try #require(answer.report)
        #expect(answer.job.state == "succeeded" && answer.job.progress_done == server.tuningWeekIDs.count)
        #expect(report.weeks == server.tuningWeekIDs.count)
        for finding in report.findings { print("relu: \(finding.code) on \(finding.tensor) units \(finding.units)") }
        let deadLayer = try #require(report.findings.first { $0.code == "dead_layer" && $0.tensor == "act2" })
        #expect(deadLayer.fix.contains("LeakyReLU"))
        #expect(report.findings.contains { $0.code == "emits_bias" && $0.tensor == "conv3" })
        #expect(report.tensors.first { $0.name == "act2" }?.dead_units == [0, 1, 2, 3])
    }

    @Test func leakyScanFindsNoDeadLayerAndNoLayerEmittingItsBias() async throws {
        let server = try await DemoModelServer.shared()
        let report = try #require(try await units("deepheart-leaky", server).report)
        for finding in report.findings { print("leaky: \(finding.code) on \(finding.tensor) units \(finding.units)") }
        #expect(!report.findings.contains { $0.code == "dead_layer" || $0.code == "emits_bias" })
        #expect(report.tensors.first { $0.name == "act2" }?.dead_units == [])
    }

    @Test func scanStartsAsAJobThatCanBePolled() async throws {
        let server = try await DemoModelServer.shared()
        try await server.application.test(.router) { client in
            let uri = "/api/v1/models/\(server.id("deepheart-short-memory"))/diagnostics/units?split=test"
            let first = try await client.execute(uri: uri, method: .get, headers: server.headers())
            #expect(first.status == .accepted)
            let job = try first.json(UnitsAnswer.self).job
            #expect(first.headers[.location] == "/api/v1/jobs/\(job.id)")
            await server.services.jobs.wait(for: job.id)
            let polled = try await client.execute(uri: "/api/v1/jobs/\(job.id)", method: .get, headers: server.headers())
            struct Polled: Decodable {
                let job: UnitsAnswer.Job
                let result: UnitsAnswer.Report?
            }
            let done = try polled.json(Polled.self)
            #expect(done.job.state == "succeeded" && done.result != nil)
            let again = try await client.execute(uri: uri, method: .get, headers: server.headers())
            #expect(again.status == .ok)
            #expect(try again.json(UnitsAnswer.self).job.id == job.id)
        }
    }

    @Test func semanticSearchFindsSleepUnitsInTheLeakyModelAndNoneInTheDeadLayer() async throws {
        let server = try await DemoModelServer.shared()
        func report(_ name: String) async throws -> SemanticsAnswer.Report {
            try await server.application.test(.router) { client in
                let uri = "/api/v1/models/\(server.id(name))/diagnostics/semantics?split=tuning&context=asleep&wait=120"
                let response = try await client.execute(uri: uri, method: .get, headers: server.headers())
                #expect(response.status == .ok, "\(response.text)")
                return try #require(try response.json(SemanticsAnswer.self).report)
            }
        }
        let leaky = try await report("deepheart-leaky")
        let best = try #require(leaky.units.first)
        print("leaky: best asleep unit \(best.tensor)[\(best.unit)] AUROC \(best.auroc) (\(best.direction)) over \(leaky.weeks) weeks")
        #expect(abs(best.auroc - 0.5) > 0.3)
        let relu = try await report("deepheart-relu")
        let act2 = relu.units.filter { $0.tensor == "act2" }
        #expect(act2.count == 4 && act2.allSatisfy { $0.auroc == 0.5 && $0.direction == "none" })
    }

    @Test func concurrentIdenticalRequestsShareOneJob() async throws {
        let server = try await DemoModelServer.shared()
        let uri = "/api/v1/models/\(server.id("deepheart-long-memory"))/diagnostics/semantics?split=test&context=workout"
        let ids = try await server.application.test(.router) { client in
            try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await client.execute(uri: uri, method: .get, headers: server.headers()).json(UnitsAnswer.self).job.id }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
        }
        #expect(ids.count == 1, "job ids \(ids)")
        for id in ids { await server.services.jobs.wait(for: id) }
    }

    @Test func jobEventsStreamProgressAndEndWithTheResult() async throws {
        let server = try await DemoModelServer.shared()
        try await server.application.test(.router) { client in
            let started = try await client.execute(
                uri: "/api/v1/models/\(server.id("deepheart-short-memory"))/diagnostics/semantics?split=train&context=asleep",
                method: .get, headers: server.headers())
            let job = try started.json(UnitsAnswer.self).job
            let stream = try await client.execute(uri: "/api/v1/jobs/\(job.id)/events", method: .get, headers: server.headers())
            #expect(stream.headers[.contentType] == "text/event-stream")
            let events = stream.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(events.last?.hasPrefix("event: done\ndata: ") == true, "\(stream.text.prefix(300))")
            #expect(events.dropLast().allSatisfy { $0.hasPrefix("event: progress\ndata: ") })
            struct Done: Decodable {
                struct Job: Decodable { let state: String }
                struct Report: Decodable { let context: String }
                let job: Job
                let result: Report?
            }
            let done = try JSONDecoder().decode(Done.self, from: Data(events.last!.dropFirst("event: done\ndata: ".count).utf8))
            #expect(done.job.state == "succeeded" && done.result?.context == "asleep")
            let missing = try await client.execute(uri: "/api/v1/jobs/999999/events", method: .get, headers: server.headers())
            #expect(missing.status == .notFound)
        }
    }

    @Test func semanticSearchNamesTheMissingOrUnknownContext() async throws {
        let server = try await DemoModelServer.shared()
        try await server.application.test(.router) { client in
            let base = "/api/v1/models/\(server.id("deepheart-leaky"))/diagnostics/semantics"
            let missing = try await client.execute(uri: base, method: .get, headers: server.headers())
            #expect(missing.status == .badRequest)
            let unknown = try await client.execute(uri: "\(base)?context=anxious", method: .get, headers: server.headers())
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.json(ErrorEnvelope.self).error.message.contains("asleep"))
        }
    }
}
