/// Two predictors' errors on the same rows, compared with the rows' clustering (the weeks of one user)
/// taken into account.
public enum PairedErrors {
    /// MAE(a) − MAE(b) over the rows where both predictions and the label are finite. With dᵢ the sum of
    /// |a − y| − |b − y| over cluster i's nᵢ rows, n = Σnᵢ, I clusters and δ = Σdᵢ / n, the variance is the
    /// ratio estimator's cluster-robust one, I / (I − 1) · Σ (dᵢ − δ nᵢ)² / n², and the interval and
    /// p-value are `Difference.normal`'s. nil with differing counts or fewer than 2 clusters.
    public static func maeDifference(
        _ a: [Double], _ b: [Double], labels: [Double], clusters: [Int64], level: Double = 0.95
    ) -> Difference? {
        guard a.count == labels.count, b.count == labels.count, clusters.count == labels.count else { return nil }
        var numbering = ClusterNumbering()
        var sums: [Double] = []
        var rows: [Double] = []
        for index in labels.indices where a[index].isFinite && b[index].isFinite && labels[index].isFinite {
            let slot = numbering.number(of: clusters[index])
            if slot == sums.count {
                sums.append(0)
                rows.append(0)
            }
            sums[slot] += abs(a[index] - labels[index]) - abs(b[index] - labels[index])
            rows[slot] += 1
        }
        guard sums.count >= 2 else { return nil }
        let n = rows.reduce(0, +)
        let delta = sums.reduce(0, +) / n
        let spread = zip(sums, rows).reduce(0) { $0 + ($1.0 - delta * $1.1) * ($1.0 - delta * $1.1) }
        let count = Double(sums.count)
        return .normal(delta, variance: count / (count - 1) * spread / (n * n), level: level)
    }
}
