import Foundation
import Inspection
import Store

/// The metrics of an evaluation's stored predictions: binary (AUROC with a DeLong interval clustered by
/// user, AUPRC, log loss, Brier, threshold metrics, calibration, curves) or regression (MAE, RMSE, R² with
/// intervals resampled by user), over the weeks that have the label; and the same with the series ablated.
struct EvaluationMetrics: Encodable, Sendable {
    /// The model's metrics with every week's series replaced by the train split's mean week.
    struct Ablation: Encodable, Sendable {
        var binary: BinaryMetrics?
        var regression: RegressionMetrics?
        /// Real minus ablated AUROC (binary) or ablated minus real MAE (regression): how much the series
        /// contributes; a point difference.
        var contribution: Double?
        /// Mean |prediction − ablated prediction| over labelled weeks.
        var meanAbsoluteChange: Double
    }

    var kind: String
    var weeks: Int
    var labelledWeeks: Int
    /// Weeks whose user lacks the label: counted, left out of every metric.
    var weeksWithoutLabel: Int
    var users: Int
    var binary: BinaryMetrics?
    var regression: RegressionMetrics?
    var ablation: Ablation?

    static func compute(_ predictions: [StoredPrediction], kind: String, threshold: Double = 0.5) -> EvaluationMetrics {
        let labelled = predictions.filter { $0.label != nil }
        let labels = labelled.map { $0.label! }
        var metrics = EvaluationMetrics(
            kind: kind, weeks: predictions.count, labelledWeeks: labelled.count, weeksWithoutLabel: predictions.count - labelled.count,
            users: Set(labelled.map(\.userID)).count)
        let users = labelled.map(\.userID)
        func score(_ values: [Double]) -> (BinaryMetrics?, RegressionMetrics?) {
            kind == "binary"
                ? (BinaryMetrics.compute(predictions: values, labels: labels, clusters: users, threshold: threshold), nil)
                : (nil, RegressionMetrics.compute(predictions: values, labels: labels, clusters: users))
        }
        (metrics.binary, metrics.regression) = score(labelled.map(\.prediction))
        if labelled.allSatisfy({ $0.ablatedPrediction != nil }), !labelled.isEmpty {
            let ablated = labelled.map { $0.ablatedPrediction! }
            let (binary, regression) = score(ablated)
            var contribution: Double?
            if let real = metrics.binary?.auroc, let without = binary?.auroc { contribution = real - without }
            if let real = metrics.regression?.mae, let without = regression?.mae { contribution = without - real }
            let change = zip(labelled, ablated).reduce(0) { $0 + abs($1.0.prediction - $1.1) } / Double(labelled.count)
            metrics.ablation = Ablation(binary: binary, regression: regression, contribution: contribution, meanAbsoluteChange: change)
        }
        return metrics
    }

    init(kind: String, weeks: Int, labelledWeeks: Int, weeksWithoutLabel: Int, users: Int) {
        self.kind = kind
        self.weeks = weeks
        self.labelledWeeks = labelledWeeks
        self.weeksWithoutLabel = weeksWithoutLabel
        self.users = users
    }
}
