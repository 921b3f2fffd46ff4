import Foundation

/// The standard normal distribution: CDF through `erfc`, quantile by bisection on that CDF.
enum NormalDistribution {
    /// P(Z ≤ z) = erfc(−z / √2) / 2, accurate to a few ulps in both tails.
    static func cdf(_ z: Double) -> Double {
        erfc(-z / 2.0.squareRoot()) / 2
    }

    /// P(|Z| ≥ |z|): the two-sided p-value of a z statistic.
    static func twoSidedPValue(_ z: Double) -> Double {
        min(1, erfc(abs(z) / 2.0.squareRoot()))
    }

    /// The z with P(Z ≤ z) = p, for 0 < p < 1 (±infinity at 0 and 1, nil outside [0, 1]). Bisection on the
    /// CDF until the bracket stops shrinking, so the result is as accurate as `cdf` (relative ~1e-15).
    static func quantile(_ p: Double) -> Double? {
        guard p >= 0, p <= 1 else { return nil }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // cdf(−40) ≈ 4e-350 underflows to 0 and cdf(40) rounds to 1, so [−40, 40] brackets every p.
        var low = -40.0
        var high = 40.0
        while true {
            let middle = (low + high) / 2
            guard middle > low, middle < high else { return middle }
            // Compare in the tail where the CDF keeps its relative precision.
            let below = p < 0.5 ? cdf(middle) < p : cdf(-middle) > 1 - p
            if below { low = middle } else { high = middle }
        }
    }

    /// The two-sided critical value z with P(|Z| ≤ z) = `level` (1.959964 for 0.95); nil unless 0 < level < 1.
    static func criticalValue(level: Double) -> Double? {
        guard level > 0, level < 1 else { return nil }
        return quantile(0.5 + level / 2)
    }
}
