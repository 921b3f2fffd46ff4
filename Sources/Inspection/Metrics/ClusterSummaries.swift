/// Per-cluster sums of a regression's rows, so that any multiset of clusters (a bootstrap replicate) gives
/// its MAE, RMSE and R² in O(clusters) instead of O(rows). Labels are centred on their overall mean before
/// squaring, which keeps Σ(y − ȳ)² = Σ(y − c)² − (Σ(y − c))² / n free of cancellation.
struct ClusterSummaries {
    private struct Sums {
        var rows = 0
        var absoluteError = 0.0
        var squaredError = 0.0
        var centredLabel = 0.0
        var centredLabelSquared = 0.0
        var smallestLabel = Double.infinity
        var largestLabel = -Double.infinity
    }

    private var sums: [Sums] = []
    private(set) var rowCount = 0

    var clusterCount: Int { sums.count }

    /// Rows whose prediction or label is not finite are skipped. Cluster ids become indices 0..<clusterCount
    /// in order of first appearance. The three arrays must have equal counts.
    init(predictions: [Double], labels: [Double], clusters: [Int64]) {
        let rows = predictions.indices.filter { predictions[$0].isFinite && labels[$0].isFinite }
        rowCount = rows.count
        guard !rows.isEmpty else { return }
        let centre = rows.reduce(0) { $0 + labels[$1] } / Double(rows.count)
        var numbering = ClusterNumbering()
        for row in rows {
            let cluster = numbering.number(of: clusters[row])
            if cluster == sums.count { sums.append(Sums()) }
            let error = predictions[row] - labels[row]
            let centred = labels[row] - centre
            sums[cluster].rows += 1
            sums[cluster].absoluteError += abs(error)
            sums[cluster].squaredError += error * error
            sums[cluster].centredLabel += centred
            sums[cluster].centredLabelSquared += centred * centred
            sums[cluster].smallestLabel = min(sums[cluster].smallestLabel, labels[row])
            sums[cluster].largestLabel = max(sums[cluster].largestLabel, labels[row])
        }
    }

    /// MAE, RMSE and R² over the rows of `clusters` (indices, repeats allowed, not empty); R² is nil when
    /// every label among them is the same.
    func total(of clusters: [Int]) -> (mae: Double, rmse: Double, r2: Double?) {
        var total = Sums()
        for cluster in clusters {
            let part = sums[cluster]
            total.rows += part.rows
            total.absoluteError += part.absoluteError
            total.squaredError += part.squaredError
            total.centredLabel += part.centredLabel
            total.centredLabelSquared += part.centredLabelSquared
            total.smallestLabel = min(total.smallestLabel, part.smallestLabel)
            total.largestLabel = max(total.largestLabel, part.largestLabel)
        }
        let n = Double(total.rows)
        let totalSquares = total.centredLabelSquared - total.centredLabel * total.centredLabel / n
        let constant = total.smallestLabel == total.largestLabel || totalSquares <= 0
        return (
            total.absoluteError / n, (total.squaredError / n).squareRoot(),
            constant ? nil : 1 - total.squaredError / totalSquares
        )
    }
}
