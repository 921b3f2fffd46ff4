/// Cluster ids numbered 0, 1, 2, … in order of first appearance, so per-cluster sums can live in arrays.
struct ClusterNumbering {
    private var numbers: [Int64: Int] = [:]

    var count: Int { numbers.count }

    /// The number of `cluster`; a cluster not seen before gets the next one (`count` before the call).
    mutating func number(of cluster: Int64) -> Int {
        if let known = numbers[cluster] { return known }
        let next = numbers.count
        numbers[cluster] = next
        return next
    }
}
