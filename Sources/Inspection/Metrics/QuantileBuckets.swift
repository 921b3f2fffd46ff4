/// Buckets of roughly equal size by quantile, e.g. to stratify metrics by age or by coverage.
public enum QuantileBuckets {
    /// The interior edges between `count` quantile buckets of `values`: the quantiles at 1/count, 2/count,
    /// …, (count − 1)/count, interpolated linearly between order statistics (numpy's default "linear"
    /// method), ascending, with duplicates removed, so heavily tied values give fewer buckets. Non-finite
    /// values are ignored. Empty when `count` < 2 or there are no finite values.
    public static func edges(_ values: [Double], count: Int) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard count >= 2, !sorted.isEmpty else { return [] }
        var edges: [Double] = []
        for index in 1..<count {
            let position = Double(index) / Double(count) * Double(sorted.count - 1)
            let below = Int(position)
            let fraction = position - Double(below)
            let edge: Double
            if below + 1 < sorted.count, fraction > 0 {
                edge = sorted[below] + fraction * (sorted[below + 1] - sorted[below])
            } else {
                edge = sorted[below]
            }
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }

    /// The bucket of `value` among the buckets that `edges` (ascending) separate: 0 for values ≤ edges[0],
    /// i for edges[i − 1] < value ≤ edges[i], and edges.count above the last edge; buckets are closed on the
    /// right, as `pandas.qcut`. NaN falls in bucket 0.
    public static func bucket(_ value: Double, edges: [Double]) -> Int {
        // The number of edges strictly below value, by binary search.
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
