import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

extension EvaluationController {
    /// One candidate pattern (a metadata value, or a quartile of a week feature) and how often it occurs
    /// among the top losses and among the correct predictions.
    struct LossPattern: Encodable, Sendable {
        var field: String
        var value: String
        var inLosses: Int
        var losses: Int
        var inCorrect: Int
        var correct: Int
        /// (inLosses / losses) / (inCorrect / correct); nil when the pattern never occurs among correct
        /// predictions.
        var enrichment: Double?
        /// Fisher's exact test, two-sided, on [[inLosses, losses − inLosses], [inCorrect, correct − inCorrect]].
        var pValue: Double
        /// The same comparison counting users rather than weeks, whose weeks are correlated: the pooled
        /// two-proportion z-test on Rao & Scott's effective counts (each side's counts divided by the
        /// design effect of its clustering by user, floored at 1), so never below the unclustered z-test.
        var pValueByUser: Double?
        var strata: String?
    }

    struct LossPatternsResponse: Encodable, Sendable {
        var evaluationId: Int64
        var k: Int
        var alpha: Double
        /// How the correct predictions were chosen.
        var correctDefinition: String
        /// Patterns more frequent among the losses than among correct predictions, with both p-values
        /// below alpha.
        var enriched: [LossPattern]
        var patterns: [LossPattern]
    }

    /// `loss-patterns?k=50&alpha=0.05`: what the k worst predictions share that the correct ones do not.
    @Sendable func lossPatterns(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<LossPatternsResponse> {
        let (record, predictions) = try await finishedPredictions(context)
        let reader = QueryReader(request)
        let k = try reader.integer("k", default: 50, range: 5...1000)
        let alpha = try reader.double("alpha", range: 1e-6...0.5) ?? 0.05
        let labelled = predictions.filter { $0.label != nil }
        let binary = (record.taskKind ?? "binary") == "binary"
        let byError = labelled.sorted { abs($0.prediction - $0.label!) > abs($1.prediction - $1.label!) }
        let losses = Array(byError.prefix(k))
        let lossIDs = Set(losses.map(\.weekID))
        let correct: [StoredPrediction]
        let definition: String
        if binary {
            correct = labelled.filter { !lossIDs.contains($0.weekID) && (($0.prediction >= 0.5) == ($0.label! >= 0.5)) }
            definition = "classified correctly at threshold 0.5"
        } else {
            correct = Array(byError.suffix(byError.count / 2).filter { !lossIDs.contains($0.weekID) })
            definition = "the half of the weeks with the smallest absolute error"
        }
        guard !losses.isEmpty, !correct.isEmpty else {
            throw APIError(.unprocessableContent, code: "too_few_predictions", message: "evaluation \(record.id!) has \(losses.count) losses and \(correct.count) correct predictions to compare")
        }
        var values: [String: [Int64: String]] = [:]  // field → week → value
        for field in MetadataField.allCases {
            let edges = field.isNumeric ? QuantileBuckets.edges(labelled.compactMap { field.number($0.week) }, count: 4) : nil
            for prediction in losses + correct {
                values[field.rawValue, default: [:]][prediction.weekID] = Self.stratumValue(field, prediction.week, edges: edges)
            }
        }
        for (name, perWeek) in try await weekFeatureQuartiles(losses + correct) {
            values[name] = perWeek
        }
        let lossUsers = losses.map(\.userID), correctUsers = correct.map(\.userID)
        var patterns: [LossPattern] = []
        for (field, perWeek) in values {
            for value in Set(perWeek.values) where value != "unknown" {
                let lossHas = losses.map { perWeek[$0.weekID] == value }
                let correctHas = correct.map { perWeek[$0.weekID] == value }
                let inLosses = lossHas.filter { $0 }.count
                let inCorrect = correctHas.filter { $0 }.count
                let byUser = Proportions.clusteredDifference((lossHas, lossUsers), (correctHas, correctUsers))
                let lossRate = Double(inLosses) / Double(losses.count)
                let correctRate = Double(inCorrect) / Double(correct.count)
                patterns.append(LossPattern(
                    field: field, value: value, inLosses: inLosses, losses: losses.count, inCorrect: inCorrect, correct: correct.count,
                    enrichment: inCorrect > 0 ? lossRate / correctRate : nil,
                    pValue: FisherExact.twoSided(a: inLosses, b: losses.count - inLosses, c: inCorrect, d: correct.count - inCorrect),
                    pValueByUser: byUser?.pValue,
                    strata: MetadataField(rawValue: field).map { "/api/v1/evaluations/\(record.id!)/strata?by=\($0.rawValue)" }))
            }
        }
        patterns.sort { ($0.pValue, $0.field, $0.value) < ($1.pValue, $1.field, $1.value) }
        // A nil enrichment means the pattern never occurs among correct predictions, so it is commoner among losses.
        let enriched = patterns.filter { $0.pValue < alpha && ($0.pValueByUser ?? 1) < alpha && ($0.enrichment ?? .infinity) > 1 }
        return SnakeCaseJSON(LossPatternsResponse(
            evaluationId: record.id!, k: losses.count, alpha: alpha, correctDefinition: definition, enriched: enriched, patterns: patterns))
    }

    /// Quartiles of simple week features (mean and SD of observed heart rate, the share of workout bins on
    /// weekdays), by feature name and week.
    func weekFeatureQuartiles(_ predictions: [StoredPrediction]) async throws -> [String: [Int64: String]] {
        var features: [String: [Int64: Double]] = [:]
        for prediction in predictions {
            let series = try await services.database.week(id: prediction.weekID).series
            let observed = zip(series.heartRate, series.observed).filter { $1 > 0 }.map { Double($0.0) }
            if !observed.isEmpty {
                let mean = observed.reduce(0, +) / Double(observed.count)
                features["mean_hr", default: [:]][prediction.weekID] = mean
                features["sd_hr", default: [:]][prediction.weekID] = (observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(observed.count)).squareRoot()
            }
            if let workout = series.contextMasks["workout"], workout.contains(true) {
                let weekdayBins = workout.count * 5 / 7
                let weekday = workout.prefix(weekdayBins).filter { $0 }.count
                features["workout_weekday_share", default: [:]][prediction.weekID] = Double(weekday) / Double(workout.filter { $0 }.count)
            }
        }
        return features.mapValues { perWeek in
            let edges = QuantileBuckets.edges(Array(perWeek.values), count: 4)
            return perWeek.mapValues { Self.bucketLabel($0, edges: edges) }
        }
    }
}
