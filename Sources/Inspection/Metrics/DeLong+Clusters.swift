extension DeLong {
    /// AUROC and its variance when rows come in correlated clusters (the weeks of one user), by
    /// Obuchowski's (1997) extension of DeLong: the structural components are summed per cluster, so a
    /// user's weeks count as one unit of evidence rather than as independent draws.
    ///
    /// With AUC = A, cluster i holding mᵢ positives and nᵢ negatives, V₁₀ᵢ the sum of its positives'
    /// components, V₀₁ᵢ the sum of its negatives', M = Σmᵢ, N = Σnᵢ, I clusters, I₁₀ of them with a
    /// positive and I₀₁ with a negative:
    ///
    ///     S₁₀ = I₁₀ / ((I₁₀ − 1) M) · Σ (V₁₀ᵢ − mᵢA)²
    ///     S₀₁ = I₀₁ / ((I₀₁ − 1) N) · Σ (V₀₁ᵢ − nᵢA)²
    ///     S₁₁ = I / (I − 1) · Σ (V₁₀ᵢ − mᵢA)(V₀₁ᵢ − nᵢA)
    ///     variance = S₁₀ / M + S₀₁ / N + 2 S₁₁ / (M N)   (floored at 0)
    ///
    /// With one row per cluster this is `auroc(predictions:labels:)`'s variance exactly. nil unless at
    /// least 2 clusters hold a positive and 2 a negative, the counts agree and every prediction is finite.
    public static func auroc(
        predictions: [Double], labels: [Double], clusters: [Int64]
    ) -> (auc: Double, variance: Double, clusterCount: Int)? {
        guard let components = ClusteredComponents(predictions: predictions, labels: labels, clusters: clusters) else {
            return nil
        }
        return (components.auc, max(0, components.covariance(with: components)), components.clusterCount)
    }

    /// The difference a − b of two AUCs measured on the same rows (the network against a baseline), with
    /// the variance var a + var b − 2 cov(a, b) of DeLong et al. (1988), clustered as in
    /// `auroc(predictions:labels:clusters:)` (the covariance takes the same sums with one factor from each
    /// score). Pass one cluster per row for the original, unclustered test. The interval and two-sided
    /// p-value are `Difference.normal`'s with that variance. nil when either AUROC would be.
    public static func comparePaired(
        _ a: [Double], _ b: [Double], labels: [Double], clusters: [Int64], level: Double = 0.95
    ) -> Difference? {
        guard let first = ClusteredComponents(predictions: a, labels: labels, clusters: clusters),
            let second = ClusteredComponents(predictions: b, labels: labels, clusters: clusters)
        else { return nil }
        let variance =
            first.covariance(with: first) + second.covariance(with: second) - 2 * first.covariance(with: second)
        return .normal(first.auc - second.auc, variance: variance, level: level)
    }
}

/// Per-cluster deviations V₁₀ᵢ − mᵢA and V₀₁ᵢ − nᵢA of one score, in cluster order of first appearance,
/// so two scores over the same labels and clusters line up cluster by cluster.
struct ClusteredComponents {
    let auc: Double
    let clusterCount: Int
    private let positives: Double
    private let negatives: Double
    private let clustersWithPositive: Int
    private let clustersWithNegative: Int
    private let deviations10: [Double]
    private let deviations01: [Double]

    init?(predictions: [Double], labels: [Double], clusters: [Int64]) {
        guard clusters.count == labels.count,
            let components = DeLong.structuralComponents(predictions: predictions, labels: labels)
        else { return nil }
        var numbering = ClusterNumbering()
        var sums10: [Double] = []
        var sums01: [Double] = []
        var counts10: [Double] = []
        var counts01: [Double] = []
        var nextPositive = 0
        var nextNegative = 0
        // `structuralComponents` lists positives and negatives in row order, so walking the rows in the
        // same order pairs every component with its row's cluster.
        for (label, cluster) in zip(labels, clusters) {
            let slot = numbering.number(of: cluster)
            if slot == sums10.count {
                sums10.append(0)
                sums01.append(0)
                counts10.append(0)
                counts01.append(0)
            }
            if label > 0.5 {
                sums10[slot] += components.positive[nextPositive]
                counts10[slot] += 1
                nextPositive += 1
            } else {
                sums01[slot] += components.negative[nextNegative]
                counts01[slot] += 1
                nextNegative += 1
            }
        }
        clustersWithPositive = counts10.filter { $0 > 0 }.count
        clustersWithNegative = counts01.filter { $0 > 0 }.count
        guard clustersWithPositive >= 2, clustersWithNegative >= 2 else { return nil }
        positives = Double(components.positive.count)
        negatives = Double(components.negative.count)
        let auc = components.positive.reduce(0, +) / positives
        self.auc = auc
        clusterCount = sums10.count
        deviations10 = zip(sums10, counts10).map { $0 - $1 * auc }
        deviations01 = zip(sums01, counts01).map { $0 - $1 * auc }
    }

    /// Obuchowski's S₁₀ / M + S₀₁ / N + (S₁₁ + S₁₁') / (M N) with one factor of each product from `self`
    /// and one from `other`; with `other == self` the clustered variance.
    func covariance(with other: ClusteredComponents) -> Double {
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        let i10 = Double(clustersWithPositive)
        let i01 = Double(clustersWithNegative)
        let i = Double(clusterCount)
        let s10 = i10 / ((i10 - 1) * positives) * dot(deviations10, other.deviations10)
        let s01 = i01 / ((i01 - 1) * negatives) * dot(deviations01, other.deviations01)
        let s11 = i / (i - 1) * (dot(deviations10, other.deviations01) + dot(deviations01, other.deviations10))
        return s10 / positives + s01 / negatives + s11 / (positives * negatives)
    }
}
