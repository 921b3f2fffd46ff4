/// The confusion counts at every distinct prediction, from the highest down: calling predictions ≥
/// `thresholds[i]` positive gives `truePositives[i]` and `falsePositives[i]`. The shared basis of the ROC
/// curve, the precision-recall curve and average precision. Labels > 0.5 are positive; predictions are
/// expected to be finite.
struct ThresholdSweep {
    var thresholds: [Double] = []
    var truePositives: [Int] = []
    var falsePositives: [Int] = []
    let positives: Int
    let negatives: Int

    init(predictions: [Double], labels: [Double]) {
        let order = predictions.indices.sorted { predictions[$0] > predictions[$1] }
        var truePositiveCount = 0
        var falsePositiveCount = 0
        for (position, index) in order.enumerated() {
            if labels[index] > 0.5 { truePositiveCount += 1 } else { falsePositiveCount += 1 }
            let isLastOfTie = position + 1 == order.count || predictions[order[position + 1]] != predictions[index]
            if isLastOfTie {
                thresholds.append(predictions[index])
                truePositives.append(truePositiveCount)
                falsePositives.append(falsePositiveCount)
            }
        }
        positives = truePositiveCount
        negatives = falsePositiveCount
    }

    /// A threshold above every prediction (nothing called positive): 1 for probabilities, else just above
    /// the highest prediction. Finite, so curves encode as JSON.
    var thresholdAboveAll: Double {
        guard let highest = thresholds.first else { return 1 }
        return highest < 1 ? 1 : highest.nextUp
    }

    /// Average precision as `sklearn.metrics.average_precision_score`: Σ (Rᵢ − Rᵢ₋₁) Pᵢ over the distinct
    /// thresholds from the highest down, R₀ = 0, without interpolation. nil without positives.
    var averagePrecision: Double? {
        guard positives > 0 else { return nil }
        var sum = 0.0
        var previousRecall = 0.0
        for index in thresholds.indices {
            let recall = Double(truePositives[index]) / Double(positives)
            let precision = Double(truePositives[index]) / Double(truePositives[index] + falsePositives[index])
            sum += (recall - previousRecall) * precision
            previousRecall = recall
        }
        return sum
    }

    /// (fpr, tpr) from (0, 0) at `thresholdAboveAll` to (1, 1) at the lowest prediction, one point per
    /// distinct prediction (as `sklearn.metrics.roc_curve(drop_intermediate=False)`). Empty without both
    /// classes.
    var rocCurve: [CurvePoint] {
        guard positives > 0, negatives > 0 else { return [] }
        var points = [CurvePoint(threshold: thresholdAboveAll, x: 0, y: 0)]
        for index in thresholds.indices {
            points.append(
                CurvePoint(
                    threshold: thresholds[index], x: Double(falsePositives[index]) / Double(negatives),
                    y: Double(truePositives[index]) / Double(positives)))
        }
        return points
    }

    /// (recall, precision) from (0, 1) at `thresholdAboveAll` (the convention of
    /// `sklearn.metrics.precision_recall_curve`) down to full recall at the lowest prediction. Empty without
    /// positives.
    var precisionRecallCurve: [CurvePoint] {
        guard positives > 0 else { return [] }
        var points = [CurvePoint(threshold: thresholdAboveAll, x: 0, y: 1)]
        for index in thresholds.indices {
            points.append(
                CurvePoint(
                    threshold: thresholds[index], x: Double(truePositives[index]) / Double(positives),
                    y: Double(truePositives[index]) / Double(truePositives[index] + falsePositives[index])))
        }
        return points
    }

    /// At most `maximum` points (at least 2) evenly spaced by index, always keeping the first and last.
    static func subsampled(_ points: [CurvePoint], maximum: Int) -> [CurvePoint] {
        let limit = max(2, maximum)
        guard points.count > limit else { return points }
        let last = points.count - 1
        return (0..<limit).map { step in points[(step * last + (limit - 1) / 2) / (limit - 1)] }
    }
}
