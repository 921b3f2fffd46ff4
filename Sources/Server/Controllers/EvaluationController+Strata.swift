import Foundation
import Hummingbird
import Inspection
import Store

extension EvaluationController {
    struct FieldValue: Encodable, Sendable, Hashable {
        var field: String
        var value: String
    }

    /// One stratum's metrics, and the stratum against the rest of the split.
    struct Stratum: Encodable, Sendable {
        var name: String
        var values: [FieldValue]
        var weeks: Int
        var users: Int
        var positives: Int?
        var prevalence: Double?
        var auroc: Double?
        var aurocInterval: ConfidenceInterval?
        var auprc: Double?
        var brier: Double?
        var mae: Double?
        var maeInterval: ConfidenceInterval?
        var r2: Double?
        /// AUROC (binary: DeLong variances clustered by user, groups independent) or MAE (regression: standard errors from the
        /// bootstrap intervals) of this stratum minus the rest's, with a two-sided p-value.
        var versusRest: Difference?
        /// Binary: the share of weeks misclassified at 0.5 in this stratum minus the rest's (Newcombe
        /// interval, pooled z-test, on Rao–Scott effective counts for the clustering by user); defined even
        /// where a stratum has too few of one class for AUROC.
        var errorRate: Double?
        var errorRateVersusRest: Difference?
        /// Set when the stratum is too small to judge (under 30 weeks, or under 5 of either class).
        var warning: String?
    }

    struct StrataResponse: Encodable, Sendable {
        var evaluationId: Int64
        var by: [String]
        var metric: String
        var overall: Stratum
        var strata: [Stratum]
    }

    /// `strata?by=device_generation` (one field or two, crossed; numeric fields in `buckets` quantile
    /// buckets, default 4, or at `edges=40,60`).
    @Sendable func strata(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<StrataResponse> {
        let (record, predictions) = try await finishedPredictions(context)
        let reader = QueryReader(request)
        guard let byText = reader.string("by") else {
            throw APIError.invalidParameter("by", "name one or two fields to stratify by: \(MetadataField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let fields = try MetadataField.list(byText, parameter: "by")
        guard (1...2).contains(fields.count) else {
            throw APIError.invalidParameter("by", "'by' takes one field or two (crossed); got \(fields.count)")
        }
        let bucketCount = try reader.integer("buckets", default: 4, range: 2...10)
        let givenEdges = try reader.string("edges").map { text in
            try text.split(separator: ",").map { part -> Double in
                guard let value = Double(part) else { throw APIError.invalidParameter("edges", "'edges' must be comma-separated numbers; got '\(text)'") }
                return value
            }.sorted()
        }
        let labelled = predictions.filter { $0.label != nil }
        let binary = (record.taskKind ?? "binary") == "binary"
        var edges: [MetadataField: [Double]] = [:]
        for field in fields where field.isNumeric {
            edges[field] = givenEdges ?? QuantileBuckets.edges(labelled.compactMap { field.number($0.week) }, count: bucketCount)
        }
        var groups: [[FieldValue]: [StoredPrediction]] = [:]
        for prediction in labelled {
            let key = fields.map { field in
                FieldValue(field: field.rawValue, value: Self.stratumValue(field, prediction.week, edges: edges[field]))
            }
            groups[key, default: []].append(prediction)
        }
        let overall = Self.stratum(name: "all", values: [], labelled, rest: nil, binary: binary)
        let strata = groups.map { key, members in
            let inside = Set(members.map(\.weekID))
            let rest = labelled.filter { !inside.contains($0.weekID) }
            return Self.stratum(name: key.map { "\($0.field)=\($0.value)" }.joined(separator: ", "), values: key, members, rest: rest, binary: binary)
        }.sorted { $0.name < $1.name }
        return SnakeCaseJSON(StrataResponse(
            evaluationId: record.id!, by: fields.map(\.rawValue), metric: binary ? "auroc" : "mae", overall: overall, strata: strata))
    }

    static func stratumValue(_ field: MetadataField, _ week: WeekMetadata, edges: [Double]?) -> String {
        guard let edges else { return field.category(week) ?? "unknown" }
        guard let value = field.number(week) else { return "unknown" }
        return bucketLabel(value, edges: edges)
    }

    /// The bucket `value` falls in, as `[lower, upper)`.
    static func bucketLabel(_ value: Double, edges: [Double]) -> String {
        let bucket = QuantileBuckets.bucket(value, edges: edges)
        let lower = bucket == 0 ? "-inf" : CompactNumberFormat.string(Float(edges[bucket - 1]))
        let upper = bucket == edges.count ? "inf" : CompactNumberFormat.string(Float(edges[bucket]))
        return "[\(lower), \(upper))"
    }

    static func stratum(name: String, values: [FieldValue], _ members: [StoredPrediction], rest: [StoredPrediction]?, binary: Bool) -> Stratum {
        let labels = members.map { $0.label! }
        var stratum = Stratum(name: name, values: values, weeks: members.count, users: Set(members.map(\.userID)).count)
        if binary {
            let metrics = BinaryMetrics.compute(predictions: members.map(\.prediction), labels: labels, clusters: members.map(\.userID))
            stratum.positives = metrics.positives
            stratum.prevalence = metrics.prevalence
            stratum.auroc = metrics.auroc
            stratum.aurocInterval = metrics.aurocInterval
            stratum.auprc = metrics.auprc
            stratum.brier = metrics.brier
            // The stratum's clustered DeLong variance is the square of the standard error `BinaryMetrics` computed.
            if let rest, let auroc = metrics.auroc, let standardError = metrics.aurocStandardError,
               let other = DeLong.auroc(predictions: rest.map(\.prediction), labels: rest.map { $0.label! }, clusters: rest.map(\.userID)) {
                stratum.versusRest = DeLong.compareIndependent((auroc, standardError * standardError), (other.auc, other.variance))
            }
            let misclassified = members.map(Self.isMisclassified)
            stratum.errorRate = members.isEmpty ? nil : Double(misclassified.filter { $0 }.count) / Double(members.count)
            if let rest {
                stratum.errorRateVersusRest = Proportions.clusteredDifference(
                    (misclassified, members.map(\.userID)), (rest.map(Self.isMisclassified), rest.map(\.userID)))
            }
            if members.count < 30 || metrics.positives < 5 || metrics.negatives < 5 {
                stratum.warning = "too small to judge: \(members.count) weeks, \(metrics.positives) positive, \(metrics.negatives) negative"
            }
        } else {
            let metrics = RegressionMetrics.compute(predictions: members.map(\.prediction), labels: labels, clusters: members.map(\.userID))
            stratum.mae = metrics.mae
            stratum.maeInterval = metrics.maeInterval
            stratum.r2 = metrics.r2
            if let rest {
                let other = RegressionMetrics.compute(predictions: rest.map(\.prediction), labels: rest.map { $0.label! }, clusters: rest.map(\.userID))
                stratum.versusRest = Self.difference(metrics, other)
            }
            if members.count < 30 {
                stratum.warning = "too small to judge: \(members.count) weeks"
            }
        }
        return stratum
    }

    static func isMisclassified(_ prediction: StoredPrediction) -> Bool {
        (prediction.prediction >= 0.5) != (prediction.label! >= 0.5)
    }

    /// MAE difference with standard errors read off the 95% bootstrap intervals.
    static func difference(_ a: RegressionMetrics, _ b: RegressionMetrics) -> Difference? {
        guard let maeA = a.mae, let maeB = b.mae, let intervalA = a.maeInterval, let intervalB = b.maeInterval else { return nil }
        let z = 1.959963984540054
        let varianceA = pow((intervalA.upper - intervalA.lower) / (2 * z), 2)
        let varianceB = pow((intervalB.upper - intervalB.lower) / (2 * z), 2)
        return .normal(maeA - maeB, variance: varianceA + varianceB)
    }
}
