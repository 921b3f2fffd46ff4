import Foundation

/// Sampling helpers used by the cohort simulator.
///
/// Each helper's number of 64-bit draws is noted on it. All arithmetic is in `Double`, so results are
/// bit-for-bit reproducible wherever the math library's `log`, `sin`, `cos` and `exp` return the same
/// bits (always on one platform; glibc and Darwin can differ in the last bit for some inputs).
extension SeededRandomNumberGenerator {
    /// Uniform on [0, 1) with 53 random bits; one draw.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform on [lower, upper); one draw.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// Uniform integer in `range`, by the multiply-high method (bias below 2⁻⁵⁰ for ranges under
    /// 2¹⁴ values); one draw.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(span.multipliedFullWidth(by: next()).high)
    }

    /// Normal with the given mean and standard deviation, by the Box–Muller transform. Draws two
    /// uniforms every second call and returns the cached partner value in between.
    public mutating func normal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return mean + standardDeviation * spare
        }
        let u1 = 1 - uniform()  // (0, 1], so the logarithm is finite
        let u2 = uniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return mean + standardDeviation * radius * cos(angle)
    }

    /// True with probability `probability` (at or below 0 never, at or above 1 always); one draw.
    public mutating func bernoulli(_ probability: Double) -> Bool {
        uniform() < probability
    }

    /// A Poisson-distributed count with the given mean (≥ 0).
    ///
    /// Exact (Knuth's product of uniforms, mean + 1 draws on average) for means up to 30; above that the
    /// normal approximation N(mean, mean) rounded and clamped at 0, which is what a simulator needs
    /// (counts of bouts or gaps) and keeps the cost bounded.
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            return max(0, Int(normal(mean: mean, standardDeviation: mean.squareRoot()).rounded()))
        }
        let threshold = exp(-mean)
        var count = 0
        var product = uniform()
        while product > threshold {
            count += 1
            product *= uniform()
        }
        return count
    }

    /// An index into `weights` chosen with probability proportional to its weight; one draw.
    /// Weights must be non-negative with a positive sum.
    public mutating func index(weightedBy weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var remaining = uniform() * total
        for (index, weight) in weights.enumerated() {
            remaining -= weight
            if remaining < 0 { return index }
        }
        return weights.count - 1
    }
}
