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
        return (components.auc, components.variance, components.clusterCount)
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
