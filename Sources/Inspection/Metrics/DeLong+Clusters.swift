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
        guard clusters.count == labels.count,
            let components = structuralComponents(predictions: predictions, labels: labels)
        else { return nil }
        var index: [Int64: Int] = [:]
        var positiveSums: [Double] = []
        var negativeSums: [Double] = []
        var positiveCounts: [Double] = []
        var negativeCounts: [Double] = []
        var nextPositive = 0
        var nextNegative = 0
        // `structuralComponents` lists positives and negatives in row order, so walking the rows in the
        // same order pairs every component with its row's cluster.
        for (label, cluster) in zip(labels, clusters) {
            let slot: Int
            if let known = index[cluster] {
                slot = known
            } else {
                slot = positiveSums.count
                index[cluster] = slot
                positiveSums.append(0)
                negativeSums.append(0)
                positiveCounts.append(0)
                negativeCounts.append(0)
            }
            if label > 0.5 {
                positiveSums[slot] += components.positive[nextPositive]
                positiveCounts[slot] += 1
                nextPositive += 1
            } else {
                negativeSums[slot] += components.negative[nextNegative]
                negativeCounts[slot] += 1
                nextNegative += 1
            }
        }
        let withPositive = positiveCounts.filter { $0 > 0 }.count
        let withNegative = negativeCounts.filter { $0 > 0 }.count
        guard withPositive >= 2, withNegative >= 2 else { return nil }

        let m = Double(components.positive.count)
        let n = Double(components.negative.count)
        let auc = components.positive.reduce(0, +) / m
        var sum10 = 0.0
        var sum01 = 0.0
        var sum11 = 0.0
        for slot in positiveSums.indices {
            let d10 = positiveSums[slot] - positiveCounts[slot] * auc
            let d01 = negativeSums[slot] - negativeCounts[slot] * auc
            sum10 += d10 * d10
            sum01 += d01 * d01
            sum11 += d10 * d01
        }
        let clusterCount = Double(positiveSums.count)
        let s10 = Double(withPositive) / (Double(withPositive - 1) * m) * sum10
        let s01 = Double(withNegative) / (Double(withNegative - 1) * n) * sum01
        let s11 = clusterCount / (clusterCount - 1) * sum11
        let variance = max(0, s10 / m + s01 / n + 2 * s11 / (m * n))
        return (auc, variance, positiveSums.count)
    }
}
