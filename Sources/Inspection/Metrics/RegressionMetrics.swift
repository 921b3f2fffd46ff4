/// Metrics of numeric predictions against numeric labels, with cluster-bootstrap confidence intervals.
///
/// Built by `compute(predictions:labels:clusters:bootstrapSamples:seed:level:)`. No field is ever NaN or
/// infinite: a metric the data cannot support is nil and `nullReasons[fieldName]` says why.
public struct RegressionMetrics: Codable, Sendable {
    /// Rows used: those whose prediction and label are both finite.
    public var count = 0
    /// Distinct clusters (users) among the rows used.
    public var clusterCount = 0
    /// Rows left out because the prediction or label was NaN or infinite.
    public var excluded = 0

    /// Mean absolute error, as `sklearn.metrics.mean_absolute_error`.
    public var mae: Double?
    /// Root mean squared error.
    public var rmse: Double?
    /// Coefficient of determination 1 − Σ(y − ŷ)² / Σ(y − ȳ)², as `sklearn.metrics.r2_score`, except that
    /// constant labels give nil (scikit-learn reports 0 or 1 there).
    public var r2: Double?

    /// Percentile bootstrap intervals: each replicate draws `clusterCount` clusters with replacement and
    /// keeps all rows of each draw, so weeks of one user stay together; the interval runs between the
    /// (1 − level)/2 and (1 + level)/2 quantiles (linear interpolation) of the replicate values.
    public var maeInterval: ConfidenceInterval?
    public var rmseInterval: ConfidenceInterval?
    /// Replicates whose resampled labels are constant have no R² and are left out of this interval.
    public var r2Interval: ConfidenceInterval?
    /// Bootstrap replicates drawn (0 when no interval could be computed).
    public var bootstrapSamples = 0

    /// Why each nil metric is nil, keyed by field name.
    public var nullReasons: [String: String] = [:]

    public init() {}
}
