/// Metrics of predicted probabilities against 0/1 labels, each with the reason when it cannot be computed.
///
/// Built by `compute(predictions:labels:clusters:threshold:calibrationBins:maximumCurvePoints:)`. No field is ever
/// NaN or infinite: a metric the data cannot support is nil and `nullReasons[fieldName]` says why, e.g.
/// `nullReasons["auroc"] == "needs both classes; there are 0 positives and 40 negatives"`.
public struct BinaryMetrics: Codable, Sendable {
    /// Rows used: those whose prediction and label are both finite.
    public var count = 0
    public var positives = 0
    public var negatives = 0
    /// Rows left out because the prediction or label was NaN or infinite.
    public var excluded = 0
    /// positives / count.
    public var prevalence: Double?

    /// Area under the ROC curve (ties count ½), equal to `sklearn.metrics.roc_auc_score`.
    public var auroc: Double?
    /// √ of the DeLong variance (`DeLong.auroc`); needs at least 2 positives and 2 negatives. Given
    /// clusters, √ of Obuchowski's clustered variance instead (`DeLong.auroc(predictions:labels:clusters:)`),
    /// which needs 2 clusters with a positive and 2 with a negative.
    public var aurocStandardError: Double?
    /// Clusters (users) the standard error and interval treat as the independent units; nil when every
    /// row counts as independent.
    public var aurocClusters: Int?
    /// 95% interval from the normal approximation on the logit of the AUC (delta method:
    /// logit(AUC) ± z · SE / (AUC (1 − AUC)), mapped back), so it stays inside (0, 1) and is asymmetric near
    /// the ends. The point [AUC, AUC] when the DeLong variance is 0 (e.g. perfect separation).
    public var aurocInterval: ConfidenceInterval?
    /// Average precision, equal to `sklearn.metrics.average_precision_score` (`ThresholdSweep`).
    public var auprc: Double?
    /// Mean negative log-likelihood (natural log) with predictions clipped to [1e-15, 1 − 1e-15]. (scikit-learn
    /// ≥ 1.5 clips at float64 epsilon instead; the two differ only for predictions within 1e-15 of 0 or 1.)
    public var logLoss: Double?
    /// Mean squared difference between prediction and label, as `sklearn.metrics.brier_score_loss`.
    public var brier: Double?

    /// Predictions ≥ threshold are called positive for the counts and rates below.
    public var threshold = 0.5
    public var truePositives = 0
    public var falsePositives = 0
    public var trueNegatives = 0
    public var falseNegatives = 0
    /// TP / (TP + FN), with its Wilson 95% interval.
    public var sensitivity: Double?
    public var sensitivityInterval: ConfidenceInterval?
    /// TN / (TN + FP), with its Wilson 95% interval.
    public var specificity: Double?
    public var specificityInterval: ConfidenceInterval?
    /// Positive predictive value TP / (TP + FP), with its Wilson 95% interval.
    public var ppv: Double?
    public var ppvInterval: ConfidenceInterval?
    /// Negative predictive value TN / (TN + FN), with its Wilson 95% interval.
    public var npv: Double?
    public var npvInterval: ConfidenceInterval?

    /// Equal-width bins over [0, 1] (`CalibrationBin.bins`).
    public var calibration: [CalibrationBin] = []
    /// ROC curve (x = false positive rate, y = true positive rate) from (0, 0) to (1, 1).
    public var roc: [CurvePoint] = []
    /// Precision-recall curve (x = recall, y = precision) from (0, 1) to full recall.
    public var pr: [CurvePoint] = []

    /// Why each nil metric (or empty curve) is nil, keyed by field name.
    public var nullReasons: [String: String] = [:]

    public init() {}
}
