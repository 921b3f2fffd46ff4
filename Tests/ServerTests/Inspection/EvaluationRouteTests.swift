import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inspection
import NIOCore
import Store
import Testing

@testable import Server

/// Evaluations over the demo models: the job, its stored predictions, metrics, examples, strata and
/// the metadata baseline.
@Suite(.serialized)
struct EvaluationRouteTests {
    struct Created: Decodable {
        struct Job: Decodable { let id: Int64 }
        let id: Int64
        let job: Job
    }

    struct Evaluation: Decodable {
        struct Job: Decodable { let state: String }
        struct Metrics: Decodable {
            struct Binary: Decodable {
                struct Interval: Decodable {
                    let lower: Double
                    let upper: Double
                }
                let count: Int
                let auroc: Double?
                let auroc_interval: Interval?
                let auroc_clusters: Int?
                let auprc: Double?
                let log_loss: Double?
                let brier: Double?
                let null_reasons: [String: String]
            }
            struct Regression: Decodable {
                let mae: Double?
                let r2: Double?
            }
            struct Ablation: Decodable {
                let mean_absolute_change: Double
                let contribution: Double?
            }
            let kind: String
            let weeks: Int
            let labelled_weeks: Int
            let weeks_without_label: Int
            let users: Int
            let binary: Binary?
            let regression: Regression?
            let ablation: Ablation?
        }
        let id: Int64
        let job: Job?
        let metrics: Metrics?
    }

    /// Starts an evaluation and waits for its job.
    static func evaluate(_ model: String, label: String, split: String = "tuning", server: DemoModelServer) async throws -> Evaluation {
        try await server.application.test(.router) { client in
            let created = try await client.execute(
                uri: "/api/v1/models/\(server.id(model))/evaluations", method: .post, headers: server.headers(),
                body: ByteBuffer(string: #"{"split": "\#(split)", "label": "\#(label)"}"#))
            #expect(created.status == .accepted, "\(created.text)")
            let started = try created.json(Created.self)
            await server.services.jobs.wait(for: started.job.id)
            let response = try await client.execute(uri: "/api/v1/evaluations/\(started.id)", method: .get, headers: server.headers())
            return try response.json(Evaluation.self)
        }
    }

    @Test func evaluationStoresEveryWeekAndReportsMetricsAndTheSeriesAblation() async throws {
        let server = try await DemoModelServer.shared()
        let leaky = try await Self.evaluate("deepheart-leaky", label: "sleep_apnea", server: server)
        #expect(leaky.job?.state == "succeeded")
        let metrics = try #require(leaky.metrics)
        #expect(metrics.weeks == server.tuningWeekIDs.count && metrics.labelled_weeks + metrics.weeks_without_label == metrics.weeks)
        let binary = try #require(metrics.binary)
        let auroc = try #require(binary.auroc)
        let interval = try #require(binary.auroc_interval)
        print("leaky tuning AUROC \(auroc) [\(interval.lower), \(interval.upper)], ablation \(String(describing: metrics.ablation))")
        #expect(interval.lower <= auroc && auroc <= interval.upper)
        // Weeks of one user are correlated: the interval counts users, not weeks, as independent.
        #expect(binary.auroc_clusters == metrics.users)
        #expect(try #require(metrics.ablation).mean_absolute_change > 0)
        // ReLU's dead layer cuts the series off: replacing it by the mean week changes nothing.
        let relu = try await Self.evaluate("deepheart-relu", label: "sleep_apnea", server: server)
        #expect(try #require(relu.metrics?.ablation).mean_absolute_change == 0)
        #expect(relu.metrics?.ablation?.contribution == 0)
    }

    @Test func predictionsExamplesStrataAndBaselineAnswerFromStoredPredictions() async throws {
        let server = try await DemoModelServer.shared()
        let evaluation = try await Self.evaluate("deepheart-leaky", label: "sleep_apnea", server: server)
        try await server.application.test(.router) { client in
            let csv = try await client.execute(uri: "/api/v1/evaluations/\(evaluation.id)/predictions?format=csv", method: .get, headers: server.headers())
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("week_id,user_id,user_external_id,week_start,label,prediction") == true)
            #expect(lines.count == server.tuningWeekIDs.count + 1)

            struct Examples: Decodable {
                struct Example: Decodable {
                    let label: Double
                    let prediction: Double
                    let distance: Double
                    let links: [String: String]
                }
                let total: Int
                let examples: [Example]
            }
            let losses = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/examples?kind=false_negative&k=5", method: .get, headers: server.headers())
            let examples = try losses.json(Examples.self)
            #expect(examples.examples.count == min(5, examples.total))
            #expect(examples.examples.allSatisfy { $0.label == 1 && $0.prediction < 0.5 })
            #expect(zip(examples.examples, examples.examples.dropFirst()).allSatisfy { $0.distance >= $1.distance })
            #expect(examples.examples.first?.links["gradients"]?.hasSuffix("/gradients") ?? (examples.total == 0))

            struct Strata: Decodable {
                struct Stratum: Decodable {
                    struct Difference: Decodable { let p_value: Double }
                    let name: String
                    let weeks: Int
                    let versus_rest: Difference?
                    let warning: String?
                }
                let overall: Stratum
                let strata: [Stratum]
            }
            let strata = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/strata?by=first_generation_watch", method: .get, headers: server.headers())
            #expect(strata.status == .ok, "\(strata.text)")
            let table = try strata.json(Strata.self)
            #expect(table.strata.map(\.name) == ["first_generation_watch=no", "first_generation_watch=yes"])
            #expect(table.strata.map(\.weeks).reduce(0, +) == table.overall.weeks)
            for stratum in table.strata {
                print("\(stratum.name): \(stratum.weeks) weeks, p = \(stratum.versus_rest?.p_value ?? .nan), \(stratum.warning ?? "")")
                if let p = stratum.versus_rest?.p_value { #expect((0...1).contains(p)) }
            }
            let crossed = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/strata?by=sex,age&buckets=2", method: .get, headers: server.headers())
            #expect(try crossed.json(Strata.self).strata.allSatisfy { $0.name.hasPrefix("sex=") && $0.name.contains("age=[") })

            struct Baseline: Decodable {
                struct Model: Decodable {
                    let kind: String
                    let features: [String]
                    let coefficients: [Double]
                    let converged: Bool
                }
                struct Correlation: Decodable { let coefficient: Double? }
                struct Metrics: Decodable { let auroc: Double? }
                struct Paired: Decodable { let difference: Double; let p_value: Double }
                let model: Model
                let pearson: Correlation
                let dnn_binary: Metrics
                let baseline_binary: Metrics
                let dnn_versus_baseline: Paired
                let points: [[String: Double]]
            }
            let baseline = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/baseline?features=age,sex,first_generation_watch", method: .get, headers: server.headers())
            #expect(baseline.status == .ok, "\(baseline.text)")
            let fit = try baseline.json(Baseline.self)
            #expect(fit.model.kind == "logistic" && fit.model.converged && fit.model.coefficients.count == 3)
            #expect(fit.points.count == table.overall.weeks)
            print("baseline vs DNN: Pearson \(fit.pearson.coefficient ?? .nan), AUROC difference \(fit.dnn_versus_baseline.difference), p \(fit.dnn_versus_baseline.p_value)")
            let dnnAUROC = try #require(fit.dnn_binary.auroc), baselineAUROC = try #require(fit.baseline_binary.auroc)
            #expect(abs(fit.dnn_versus_baseline.difference - (dnnAUROC - baselineAUROC)) < 1e-12)
            #expect((0...1).contains(fit.dnn_versus_baseline.p_value))
            let baselineCSV = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/baseline?format=csv", method: .get, headers: server.headers())
            #expect(baselineCSV.text.hasPrefix("week_id,user_id,label,dnn,baseline\r\n"))
        }
    }

    @Test func weeksWithoutTheLabelAreCountedAndAOneClassSplitGivesReasonsNotNaN() async throws {
        let server = try await DemoModelServer.shared()
        let users = try await server.database.users(matching: CohortFilter(split: .tuning), page: PageRequest(limit: 1000, offset: 0)).items
        try await server.database.setLabels(users.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element.id, "test_only_positive", 1) })
        let evaluation = try await Self.evaluate("deepheart-leaky", label: "test_only_positive", server: server)
        let metrics = try #require(evaluation.metrics)
        #expect(metrics.weeks_without_label > 0 && metrics.labelled_weeks > 0)
        let binary = try #require(metrics.binary)
        #expect(binary.auroc == nil && binary.null_reasons["auroc"] != nil)
        try await server.application.test(.router) { client in
            let raw = try await client.execute(uri: "/api/v1/evaluations/\(evaluation.id)", method: .get, headers: server.headers())
            #expect(!raw.text.contains("nan"))
        }
    }

    /// A label planted so that the model is wrong on exactly the first-generation watches: the loss
    /// patterns must name that stratum and the strata must flag it worse than the rest.
    @Test func plantedFirstGenerationMistakesAreFoundByLossPatternsAndStrata() async throws {
        let server = try await DemoModelServer.shared()
        let first = try await Self.evaluate("deepheart-leaky", label: "sleep_apnea", split: "train", server: server)
        let predictions = try await server.database.predictions(evaluationID: first.id)
        try await server.database.setLabels(predictions.map { p in
            let predicted: Double = p.prediction >= 0.5 ? 1 : 0
            let firstGeneration = p.week.deviceFamily == "apple_watch" && p.week.deviceGeneration == 1
            return (p.userID, "planted_first_generation", firstGeneration ? 1 - predicted : predicted)
        })
        let planted = try await Self.evaluate("deepheart-leaky", label: "planted_first_generation", split: "train", server: server)
        let firstGenerationWeeks = predictions.filter { $0.week.deviceFamily == "apple_watch" && $0.week.deviceGeneration == 1 }.count
        struct Patterns: Decodable {
            struct Pattern: Decodable {
                let field: String
                let value: String
                let in_losses: Int
                let losses: Int
                let in_correct: Int
                let correct: Int
                let p_value: Double
                let p_value_by_user: Double?
            }
            let enriched: [Pattern]
            let patterns: [Pattern]
        }
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/evaluations/\(planted.id)/loss-patterns?k=\(firstGenerationWeeks)", method: .get, headers: server.headers())
            #expect(response.status == .ok, "\(response.text)")
            let patterns = try response.json(Patterns.self)
            let top = try #require(patterns.enriched.first)
            print("top loss pattern: \(top.field)=\(top.value), \(top.in_losses)/\(top.losses), p = \(top.p_value) (\(firstGenerationWeeks) first-generation weeks)")
            #expect(patterns.enriched.contains { $0.field == "first_generation_watch" && $0.value == "yes" && $0.in_losses == $0.losses })
            #expect(patterns.patterns.allSatisfy { (0...1).contains($0.p_value) && $0.in_losses <= $0.losses })
            // Counting users divides each side's counts by a design effect of at least 1, so the by-user
            // p-value is never below the unclustered z-test's on the same 2×2 table; enriched needs both.
            for pattern in patterns.patterns {
                let byUser = try #require(pattern.p_value_by_user)
                let byWeek = try #require(Proportions.difference(
                    (pattern.in_losses, pattern.losses), (pattern.in_correct, pattern.correct))?.pValue)
                #expect(byUser >= byWeek - 1e-12, "\(pattern.field)=\(pattern.value): by user \(byUser), by week \(byWeek)")
            }
            #expect(patterns.enriched.allSatisfy { $0.p_value < 0.05 && ($0.p_value_by_user ?? 1) < 0.05 })

            struct Strata: Decodable {
                struct Stratum: Decodable {
                    struct Difference: Decodable {
                        let difference: Double
                        let p_value: Double
                    }
                    let name: String
                    let error_rate_versus_rest: Difference?
                }
                let strata: [Stratum]
            }
            let strata = try await client.execute(
                uri: "/api/v1/evaluations/\(planted.id)/strata?by=first_generation_watch", method: .get, headers: server.headers())
            let flagged = try #require(try strata.json(Strata.self).strata.first { $0.name == "first_generation_watch=yes" }?.error_rate_versus_rest)
            print("first-generation stratum vs rest: error-rate difference \(flagged.difference), p = \(flagged.p_value)")
            #expect(flagged.difference > 0 && flagged.p_value < 0.05)
        }
    }

    @Test func regressionLabelsGetRegressionMetrics() async throws {
        let server = try await DemoModelServer.shared()
        let evaluation = try await Self.evaluate("deepheart-long-memory", label: "systolic_bp", split: "test", server: server)
        #expect(evaluation.metrics?.kind == "regression")
        let mae = try #require(evaluation.metrics?.regression?.mae)
        struct Baseline: Decodable {
            struct Metrics: Decodable { let mae: Double? }
            struct Paired: Decodable { let difference: Double; let p_value: Double }
            let baseline_regression: Metrics
            let dnn_versus_baseline: Paired
        }
        try await server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/evaluations/\(evaluation.id)/baseline?features=age,sex", method: .get, headers: server.headers())
            #expect(response.status == .ok, "\(response.text)")
            let baseline = try response.json(Baseline.self)
            // Positive when the network is better: the baseline's MAE minus the network's.
            let baselineMAE = try #require(baseline.baseline_regression.mae)
            #expect(abs(baseline.dnn_versus_baseline.difference - (baselineMAE - mae)) < 1e-9)
            #expect((0...1).contains(baseline.dnn_versus_baseline.p_value))
        }
    }

    @Test func badRequestsNameTheirCause() async throws {
        let server = try await DemoModelServer.shared()
        try await server.application.test(.router) { client in
            let uri = "/api/v1/models/\(server.id("deepheart-relu"))/evaluations"
            let unknown = try await client.execute(uri: uri, method: .post, headers: server.headers(), body: ByteBuffer(string: #"{"split": "tuning", "label": "nope"}"#))
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.json(ErrorEnvelope.self).error.message.contains("sleep_apnea"))
            let split = try await client.execute(uri: uri, method: .post, headers: server.headers(), body: ByteBuffer(string: #"{"split": "all", "label": "diabetes"}"#))
            #expect(split.status == .badRequest)
            let garbage = try await client.execute(uri: uri, method: .post, headers: server.headers(), body: ByteBuffer(string: "split=tuning"))
            #expect(garbage.status == .badRequest)
            let missing = try await client.execute(uri: "/api/v1/evaluations/99999", method: .get, headers: server.headers())
            #expect(missing.status == .notFound)
        }
    }
}
