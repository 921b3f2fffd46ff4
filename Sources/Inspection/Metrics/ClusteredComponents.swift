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
        guard let components = DeLong.structuralComponents(predictions: predictions, labels: labels) else { return nil }
        self.init(components: components, labels: labels, clusters: clusters)
    }

    /// From `DeLong.structuralComponents(predictions:labels:)` of the same `labels`.
    init?(components: (positive: [Double], negative: [Double]), labels: [Double], clusters: [Int64]) {
        guard clusters.count == labels.count else { return nil }
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

    /// The clustered variance of `auc`, floored at 0.
    var variance: Double { max(0, covariance(with: self)) }

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
