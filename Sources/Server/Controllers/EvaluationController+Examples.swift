import Foundation
import Hummingbird
import Store

extension EvaluationController {
    /// What `examples` lists: the most egregious mistakes or the most confident correct predictions.
    enum ExampleKind: String, CaseIterable {
        case falsePositive = "false_positive"
        case falseNegative = "false_negative"
        case truePositive = "true_positive"
        case trueNegative = "true_negative"
        /// Regression: the largest errors, and the smallest.
        case worst, best
    }

    struct Example: Encodable, Sendable {
        var rank: Int
        var weekId: Int64
        var userId: Int64
        var userExternalId: String
        var label: Double
        var prediction: Double
        /// |prediction − label|.
        var distance: Double
        var ageYears: Int?
        var sex: String
        var deviceModel: String
        var deviceGeneration: Int?
        var coverage: Double
        var links: [String: String]
    }

    struct ExamplesResponse: Encodable, Sendable {
        var evaluationId: Int64
        var kind: String
        var threshold: Double
        /// How many weeks are of this kind in all.
        var total: Int
        var examples: [Example]
    }

    /// `examples?kind=false_positive&k=20&threshold=0.5`: weeks of one kind ranked by the distance between
    /// prediction and label (mistakes largest first, correct predictions smallest first), each linked to
    /// its week, activations and gradients.
    @Sendable func examples(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ExamplesResponse> {
        let (record, predictions) = try await finishedPredictions(context)
        let reader = QueryReader(request)
        let binary = (record.taskKind ?? "binary") == "binary"
        let kind = try reader.choice("kind", as: ExampleKind.self) ?? (binary ? .falsePositive : .worst)
        guard binary == ![.worst, .best].contains(kind) else {
            throw APIError.invalidParameter(
                "kind", binary ? "a binary evaluation lists false_positive, false_negative, true_positive or true_negative" : "a regression evaluation lists worst or best")
        }
        let k = try reader.integer("k", default: 20, range: 1...500)
        let threshold = try reader.double("threshold", range: 0...1) ?? 0.5
        let labelled = predictions.filter { $0.label != nil }
        let chosen = labelled.filter { p in
            let positive = p.prediction >= threshold
            switch kind {
            case .falsePositive: return p.label! < 0.5 && positive
            case .falseNegative: return p.label! >= 0.5 && !positive
            case .truePositive: return p.label! >= 0.5 && positive
            case .trueNegative: return p.label! < 0.5 && !positive
            case .worst, .best: return true
            }
        }
        let mistakes = [.falsePositive, .falseNegative, .worst].contains(kind)
        let ranked = chosen.sorted { a, b in
            let (da, db) = (abs(a.prediction - a.label!), abs(b.prediction - b.label!))
            return da != db ? (mistakes ? da > db : da < db) : a.weekID < b.weekID
        }
        let examples = ranked.prefix(k).enumerated().map { index, p in
            Example(
                rank: index + 1, weekId: p.weekID, userId: p.userID, userExternalId: p.week.userExternalID, label: p.label!,
                prediction: p.prediction, distance: abs(p.prediction - p.label!), ageYears: p.week.ageYears, sex: p.week.sex,
                deviceModel: p.week.deviceModel, deviceGeneration: p.week.deviceGeneration, coverage: p.week.coverage,
                links: [
                    "week": "/api/v1/weeks/\(p.weekID)",
                    "activations": "/api/v1/models/\(record.modelId)/weeks/\(p.weekID)/activations",
                    "gradients": "/api/v1/models/\(record.modelId)/weeks/\(p.weekID)/gradients",
                    "viewer": "/#user=\(p.userID)&week=\(p.weekID)",
                ])
        }
        return SnakeCaseJSON(ExamplesResponse(evaluationId: record.id!, kind: kind.rawValue, threshold: threshold, total: chosen.count, examples: examples))
    }
}
