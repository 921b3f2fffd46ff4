extension RegressionMetrics {
    /// MAE, RMSE and R² of `predictions` against `labels`, with percentile bootstrap intervals that
    /// resample `clusters` (one id per row, e.g. the user of each week) with replacement.
    ///
    /// Rows with a NaN or infinite prediction or label are left out and counted in `excluded`. Differing
    /// counts give an empty result with `nullReasons["input"]`. The same `seed` gives the same intervals.
    /// Intervals need at least 2 clusters, `bootstrapSamples` ≥ 1 and 0 < level < 1. Each replicate costs
    /// O(clusterCount): rows are summarised per cluster once.
    public static func compute(
        predictions: [Double], labels: [Double], clusters: [Int64], bootstrapSamples: Int = 1000, seed: UInt64 = 1,
        level: Double = 0.95
    ) -> RegressionMetrics {
        var metrics = RegressionMetrics()
        guard predictions.count == labels.count, labels.count == clusters.count else {
            metrics.nullReasons["input"] =
                "predictions (\(predictions.count)), labels (\(labels.count)) and clusters (\(clusters.count)) "
                + "differ in count"
            metrics.explainMissing(because: "no usable input")
            return metrics
        }
        let summaries = ClusterSummaries(predictions: predictions, labels: labels, clusters: clusters)
        metrics.excluded = predictions.count - summaries.rowCount
        metrics.count = summaries.rowCount
        metrics.clusterCount = summaries.clusterCount
        guard metrics.count > 0 else {
            let reason = metrics.excluded > 0 ? "no row has a finite prediction and label" : "no rows"
            metrics.explainMissing(because: reason)
            return metrics
        }
        let all = summaries.total(of: Array(0..<summaries.clusterCount))
        metrics.mae = all.mae
        metrics.rmse = all.rmse
        metrics.r2 = all.r2
        if all.r2 == nil { metrics.nullReasons["r2"] = "the labels are constant, so R² is undefined" }
        metrics.bootstrap(summaries, samples: bootstrapSamples, seed: seed, level: level)
        return metrics
    }

    private mutating func bootstrap(_ summaries: ClusterSummaries, samples: Int, seed: UInt64, level: Double) {
        let reason: String?
        if clusterCount < 2 {
            reason = "the bootstrap resamples clusters and needs at least 2; there is \(clusterCount)"
        } else if samples < 1 {
            reason = "bootstrapSamples is \(samples); at least 1 is needed"
        } else if !(level > 0 && level < 1) {
            reason = "level \(level) is outside (0, 1)"
        } else {
            reason = nil
        }
        if let reason {
            explainMissing(because: reason)
            return
        }
        var random = ClusterBootstrap(seed: seed)
        var maeValues: [Double] = []
        var rmseValues: [Double] = []
        var r2Values: [Double] = []
        for _ in 0..<samples {
            let replicate = summaries.total(of: random.draw(count: clusterCount, clusterCount: clusterCount))
            maeValues.append(replicate.mae)
            rmseValues.append(replicate.rmse)
            if let r2 = replicate.r2 { r2Values.append(r2) }
        }
        bootstrapSamples = samples
        maeInterval = ClusterBootstrap.percentileInterval(maeValues, level: level)
        rmseInterval = ClusterBootstrap.percentileInterval(rmseValues, level: level)
        if r2 != nil {
            r2Interval = ClusterBootstrap.percentileInterval(r2Values, level: level)
            if r2Interval == nil { nullReasons["r2Interval"] = "every bootstrap replicate had constant labels" }
        } else {
            nullReasons["r2Interval"] = nullReasons["r2"]
        }
    }

    /// Gives every metric that is still nil a reason: `reason`, or for an interval whose metric is nil,
    /// the metric's own reason.
    private mutating func explainMissing(because reason: String) {
        let pairs: [(metric: String, value: Double?, interval: ConfidenceInterval?)] = [
            ("mae", mae, maeInterval), ("rmse", rmse, rmseInterval), ("r2", r2, r2Interval),
        ]
        for (metric, value, interval) in pairs {
            if value == nil, nullReasons[metric] == nil { nullReasons[metric] = reason }
            if interval == nil, nullReasons[metric + "Interval"] == nil {
                nullReasons[metric + "Interval"] = value == nil ? nullReasons[metric] : reason
            }
        }
    }
}
