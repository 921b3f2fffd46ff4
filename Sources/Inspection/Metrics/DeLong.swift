import Foundation

/// The area under the ROC curve with its DeLong, DeLong & Clarke-Pearson (1988) variance, and the z-test
/// for a difference between independent AUCs.
public enum DeLong {
    /// AUROC and its DeLong variance. Labels > 0.5 are positive. With X the m positive and Y the n negative
    /// predictions, ψ(X, Y) = 1 if X > Y, ½ if equal, 0 otherwise; the structural components are
    /// V₁₀(Xᵢ) = mean over j of ψ(Xᵢ, Yⱼ) and V₀₁(Yⱼ) = mean over i of ψ(Xᵢ, Yⱼ), computed in O(N log N) from
    /// mid-ranks (V₁₀(Xᵢ) = (pooled rank − rank among positives) / n). AUC = mean V₁₀ and
    /// variance = S₁₀ / m + S₀₁ / n with S the sample variances (n − 1 denominators) of the components.
    ///
    /// nil unless there are at least 2 positives and 2 negatives (the variance needs two of each), the
    /// counts agree and every prediction is finite. The variance is 0 when the classes are perfectly
    /// separated. Matches a pairwise O(m·n) implementation to ~1e-15.
    public static func auroc(predictions: [Double], labels: [Double]) -> (auc: Double, variance: Double)? {
        guard let components = structuralComponents(predictions: predictions, labels: labels),
            let variance = variance(of: components)
        else { return nil }
        return (mean(components.positive), variance)
    }

    /// S₁₀ / m + S₀₁ / n from the structural components; nil with fewer than 2 of either class.
    static func variance(of components: (positive: [Double], negative: [Double])) -> Double? {
        guard components.positive.count >= 2, components.negative.count >= 2 else { return nil }
        return sampleVariance(components.positive) / Double(components.positive.count)
            + sampleVariance(components.negative) / Double(components.negative.count)
    }

    /// The difference a − b of two AUCs from independent samples (e.g. two splits or two strata), with
    /// standard error √(var a + var b), the normal-approximation interval difference ± z·SE and the two-sided
    /// z-test p-value. With a zero standard error the interval is the point and p is 1 for no difference
    /// and 0 otherwise. A `level` outside (0, 1) is replaced by 0.95 (reported in the interval).
    /// Inputs are expected to be finite (as `auroc` returns them).
    public static func compareIndependent(
        _ a: (auc: Double, variance: Double), _ b: (auc: Double, variance: Double), level: Double = 0.95
    ) -> Difference {
        .normal(a.auc - b.auc, variance: a.variance + b.variance, level: level)
    }

    /// The structural components V₁₀ (one per positive) and V₀₁ (one per negative); each set averages to the
    /// AUC. nil without both classes, with differing counts or a non-finite prediction.
    static func structuralComponents(predictions: [Double], labels: [Double]) -> (
        positive: [Double], negative: [Double]
    )? {
        guard predictions.count == labels.count, predictions.allSatisfy(\.isFinite) else { return nil }
        var positives: [Double] = []
        var negatives: [Double] = []
        for (prediction, label) in zip(predictions, labels) {
            if label > 0.5 { positives.append(prediction) } else { negatives.append(prediction) }
        }
        guard !positives.isEmpty, !negatives.isEmpty else { return nil }
        let m = Double(positives.count)
        let n = Double(negatives.count)
        let pooled = MidRanks.of(positives + negatives)
        let withinPositives = MidRanks.of(positives)
        let withinNegatives = MidRanks.of(negatives)
        let positive = positives.indices.map { (pooled[$0] - withinPositives[$0]) / n }
        let negative = negatives.indices.map { 1 - (pooled[positives.count + $0] - withinNegatives[$0]) / m }
        return (positive, negative)
    }

    private static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    private static func sampleVariance(_ values: [Double]) -> Double {
        let centre = mean(values)
        return values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) } / Double(values.count - 1)
    }
}
