import NeuralEngine

/// Resampling of clusters with replacement from a seeded `SplitMix64`, and percentile intervals of the
/// replicate values. Reproducible across platforms and Swift versions: the uniform draw is written out here
/// rather than taken from the standard library.
struct ClusterBootstrap {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// `count` cluster indices drawn uniformly from 0..<clusterCount, with replacement.
    mutating func draw(count: Int, clusterCount: Int) -> [Int] {
        (0..<count).map { _ in uniformIndex(below: clusterCount) }
    }

    /// Uniform in 0..<bound without modulo bias (Lemire's multiply-and-reject).
    private mutating func uniformIndex(below bound: Int) -> Int {
        let range = UInt64(bound)
        let rejectBelow = (0 &- range) % range  // 2⁶⁴ mod range
        while true {
            let product = generator.next().multipliedFullWidth(by: range)
            if product.low >= rejectBelow { return Int(product.high) }
        }
    }

    /// The interval between the (1 − level)/2 and (1 + level)/2 quantiles of `values` (linear interpolation
    /// between order statistics, numpy's default). nil when `values` is empty or level is outside (0, 1).
    static func percentileInterval(_ values: [Double], level: Double) -> ConfidenceInterval? {
        guard !values.isEmpty, level > 0, level < 1 else { return nil }
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let below = Int(position)
            guard below + 1 < sorted.count else { return sorted[below] }
            return sorted[below] + (position - Double(below)) * (sorted[below + 1] - sorted[below])
        }
        return ConfidenceInterval(lower: quantile((1 - level) / 2), upper: quantile((1 + level) / 2), level: level)
    }
}
