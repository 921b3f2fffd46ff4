extension Proportions {
    /// Design effect of one sample's proportion when its rows come in clusters (the weeks of one user):
    /// the clustered variance of p̂ = Σxᵢ / Σnᵢ over the binomial one,
    ///
    ///     D = [Σ (xᵢ − p̂ nᵢ)² / n²] / [p̂ (1 − p̂) / n]
    ///
    /// for clusters with xᵢ successes in nᵢ rows (the ratio estimator's linearised variance, with the
    /// binomial variance's divisor, so one row per cluster gives exactly 1). Floored at 1, so clustering
    /// never narrows an interval; 1 with fewer than 2 clusters or p̂ at 0 or 1.
    static func designEffect(successes: [Bool], clusters: [Int64]) -> Double {
        var numbering = ClusterNumbering()
        var clusterSuccesses: [Double] = []
        var clusterRows: [Double] = []
        for (success, cluster) in zip(successes, clusters) {
            let slot = numbering.number(of: cluster)
            if slot == clusterRows.count {
                clusterSuccesses.append(0)
                clusterRows.append(0)
            }
            clusterRows[slot] += 1
            if success { clusterSuccesses[slot] += 1 }
        }
        let n = Double(successes.count)
        let count = Double(clusterRows.count)
        let p = clusterSuccesses.reduce(0, +) / n
        guard count >= 2, p > 0, p < 1 else { return 1 }
        let spread = zip(clusterSuccesses, clusterRows).reduce(0) { $0 + ($1.0 - p * $1.1) * ($1.0 - p * $1.1) }
        let clustered = spread / (n * n)
        return max(1, clustered / (p * (1 - p) / n))
    }

    /// `difference` for two independent samples whose rows are clustered, by Rao & Scott (1992): each
    /// sample's successes and trials are divided by its design effect, and Newcombe's interval and the
    /// pooled z-test are taken on those effective counts. With one row per cluster this is `difference`.
    /// nil if a sample is empty, `successes` and `clusters` differ in count, or the level is outside (0, 1).
    public static func clusteredDifference(
        _ a: (successes: [Bool], clusters: [Int64]), _ b: (successes: [Bool], clusters: [Int64]), level: Double = 0.95
    ) -> Difference? {
        guard a.successes.count == a.clusters.count, b.successes.count == b.clusters.count else { return nil }
        func effective(_ sample: (successes: [Bool], clusters: [Int64])) -> (successes: Double, trials: Double) {
            let effect = designEffect(successes: sample.successes, clusters: sample.clusters)
            let successes = Double(sample.successes.filter { $0 }.count)
            return (successes / effect, Double(sample.successes.count) / effect)
        }
        return difference(effective(a), effective(b), level: level)
    }
}
