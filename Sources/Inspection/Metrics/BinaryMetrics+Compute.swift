import Foundation

extension BinaryMetrics {
    /// Every binary metric of `predictions` (probabilities in [0, 1]) against `labels` (0/1; > 0.5 counts
    /// as positive, and the binarised label is used throughout).
    ///
    /// Rows with a NaN or infinite prediction or label are left out and counted in `excluded`. Differing
    /// counts give an empty result with `nullReasons["input"]`. `calibrationBins` < 1 gives no calibration;
    /// curves keep at most `maximumCurvePoints` (≥ 2) points, evenly spaced by threshold index, ends kept.
    /// `clusters` (one id per row, e.g. the user of each week), when given, makes the AUROC's standard
    /// error and interval count clusters rather than rows as independent (see `aurocStandardError`).
    /// Tolerances against scikit-learn are stated in `BinaryMetricsTests`.
    public static func compute(
        predictions: [Double], labels: [Double], clusters: [Int64]? = nil, threshold: Double = 0.5,
        calibrationBins: Int = 10, maximumCurvePoints: Int = 200
    ) -> BinaryMetrics {
        var metrics = BinaryMetrics()
        metrics.threshold = threshold.isFinite ? threshold : 0.5
        metrics.calibration = CalibrationBin.bins(predictions: [], labels: [], binCount: calibrationBins)
        if calibrationBins < 1 { metrics.nullReasons["calibration"] = "calibrationBins must be at least 1" }
        guard predictions.count == labels.count, clusters.map({ $0.count == labels.count }) ?? true else {
            metrics.nullReasons["input"] =
                "predictions (\(predictions.count))"
                + (clusters.map { ", labels (\(labels.count)) and clusters (\($0.count))" } ?? " and labels (\(labels.count))")
                + " differ in count"
            metrics.explainMissing(because: "no usable input")
            return metrics
        }
        if !threshold.isFinite {
            metrics.nullReasons["threshold"] = "threshold \(threshold) is not finite; 0.5 was used"
        }
        var kept: [Double] = []
        var binary: [Double] = []
        var keptClusters: [Int64]? = clusters == nil ? nil : []
        for (row, (prediction, label)) in zip(predictions, labels).enumerated() where prediction.isFinite && label.isFinite {
            kept.append(prediction)
            binary.append(label > 0.5 ? 1 : 0)
            keptClusters?.append(clusters![row])
        }
        metrics.excluded = predictions.count - kept.count
        metrics.count = kept.count
        metrics.positives = binary.filter { $0 == 1 }.count
        metrics.negatives = metrics.count - metrics.positives
        guard metrics.count > 0 else {
            let reason = metrics.excluded > 0 ? "no row has a finite prediction and label" : "no predictions"
            metrics.explainMissing(because: reason)
            return metrics
        }
        metrics.prevalence = Double(metrics.positives) / Double(metrics.count)
        metrics.computeProbabilityScores(predictions: kept, labels: binary)
        metrics.computeRanking(predictions: kept, labels: binary, clusters: keptClusters, maximumCurvePoints: maximumCurvePoints)
        metrics.computeThresholdRates(predictions: kept, labels: binary)
        metrics.calibration = CalibrationBin.bins(predictions: kept, labels: binary, binCount: calibrationBins)
        return metrics
    }

    /// Log loss and Brier score.
    private mutating func computeProbabilityScores(predictions: [Double], labels: [Double]) {
        var logLossSum = 0.0
        var squaredErrorSum = 0.0
        for (prediction, label) in zip(predictions, labels) {
            let clipped = min(max(prediction, 1e-15), 1 - 1e-15)
            logLossSum -= label == 1 ? log(clipped) : log1p(-clipped)
            squaredErrorSum += (prediction - label) * (prediction - label)
        }
        logLoss = logLossSum / Double(count)
        brier = squaredErrorSum / Double(count)
    }

    /// AUROC with its DeLong interval (clustered when `clusters` is given), average precision and both curves.
    private mutating func computeRanking(predictions: [Double], labels: [Double], clusters: [Int64]?, maximumCurvePoints: Int) {
        let sweep = ThresholdSweep(predictions: predictions, labels: labels)
        roc = ThresholdSweep.subsampled(sweep.rocCurve, maximum: maximumCurvePoints)
        pr = ThresholdSweep.subsampled(sweep.precisionRecallCurve, maximum: maximumCurvePoints)
        auprc = sweep.averagePrecision
        if positives == 0 {
            nullReasons["auprc"] = "needs at least one positive; there are 0"
            nullReasons["pr"] = nullReasons["auprc"]
        }
        guard positives > 0, negatives > 0,
            let components = DeLong.structuralComponents(predictions: predictions, labels: labels)
        else {
            let reason = "needs both classes; there are \(positives) positives and \(negatives) negatives"
            for key in ["auroc", "aurocStandardError", "aurocInterval", "roc"] { nullReasons[key] = reason }
            return
        }
        let auc = components.positive.reduce(0, +) / Double(components.positive.count)
        auroc = auc
        let variance: Double
        if let clusters {
            guard let clustered = ClusteredComponents(components: components, labels: labels, clusters: clusters) else {
                let reason =
                    "the clustered DeLong variance needs at least 2 clusters with a positive and 2 with a negative; there are "
                    + "\(Set(zip(clusters, labels).filter { $0.1 == 1 }.map(\.0)).count) and "
                    + "\(Set(zip(clusters, labels).filter { $0.1 == 0 }.map(\.0)).count)"
                nullReasons["aurocStandardError"] = reason
                nullReasons["aurocInterval"] = reason
                return
            }
            variance = clustered.variance
            aurocClusters = clustered.clusterCount
        } else {
            guard let unclustered = DeLong.variance(of: components) else {
                let reason =
                    "the DeLong variance needs at least 2 positives and 2 negatives; there are "
                    + "\(positives) and \(negatives)"
                nullReasons["aurocStandardError"] = reason
                nullReasons["aurocInterval"] = reason
                return
            }
            variance = unclustered
        }
        let standardError = variance.squareRoot()
        aurocStandardError = standardError
        aurocInterval = Self.logitInterval(auc: auc, standardError: standardError, level: 0.95)
    }

    /// expit(logit(AUC) ± z · SE / (AUC (1 − AUC))); the point itself when SE is 0 or AUC is 0 or 1.
    static func logitInterval(auc: Double, standardError: Double, level: Double) -> ConfidenceInterval? {
        guard let z = NormalDistribution.criticalValue(level: level) else { return nil }
        guard standardError > 0, auc > 0, auc < 1 else {
            return ConfidenceInterval(lower: auc, upper: auc, level: level)
        }
        let centre = log(auc / (1 - auc))
        let spread = z * standardError / (auc * (1 - auc))
        func expit(_ value: Double) -> Double { 1 / (1 + exp(-value)) }
        return ConfidenceInterval(lower: expit(centre - spread), upper: expit(centre + spread), level: level)
    }

    /// Confusion counts at `threshold`, the four rates and their Wilson intervals.
    private mutating func computeThresholdRates(predictions: [Double], labels: [Double]) {
        for (prediction, label) in zip(predictions, labels) {
            switch (prediction >= threshold, label == 1) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
        (sensitivity, sensitivityInterval) = rate(
            "sensitivity", truePositives, of: truePositives + falseNegatives, empty: "there are no positives")
        (specificity, specificityInterval) = rate(
            "specificity", trueNegatives, of: trueNegatives + falsePositives, empty: "there are no negatives")
        (ppv, ppvInterval) = rate(
            "ppv", truePositives, of: truePositives + falsePositives,
            empty: "no prediction is ≥ the threshold \(threshold)")
        (npv, npvInterval) = rate(
            "npv", trueNegatives, of: trueNegatives + falseNegatives,
            empty: "no prediction is < the threshold \(threshold)")
    }

    private mutating func rate(_ name: String, _ successes: Int, of trials: Int, empty: String) -> (
        Double?, ConfidenceInterval?
    ) {
        guard trials > 0 else {
            nullReasons[name] = empty
            nullReasons[name + "Interval"] = empty
            return (nil, nil)
        }
        return (Double(successes) / Double(trials), Proportions.wilson(successes: successes, trials: trials))
    }

    /// Gives every metric that is still nil the same reason (for empty or unusable input).
    private mutating func explainMissing(because reason: String) {
        let keys = [
            "prevalence", "auroc", "aurocStandardError", "aurocInterval", "auprc", "logLoss", "brier",
            "sensitivity", "sensitivityInterval", "specificity", "specificityInterval", "ppv", "ppvInterval",
            "npv", "npvInterval", "roc", "pr",
        ]
        for key in keys where nullReasons[key] == nil { nullReasons[key] = reason }
    }
}
