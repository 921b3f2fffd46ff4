import Foundation

/// Pearson and Spearman correlation with Fisher-z intervals and t-test p-values.
public enum Correlation {
    /// Pearson's r (two-pass, clamped to [−1, 1]), equal to `scipy.stats.pearsonr`; interval
    /// tanh(atanh r ± z/√(n − 3)) as `pearsonr(...).confidence_interval()`; p-value from Student's t with
    /// n − 2 degrees of freedom, t = r √((n − 2)/(1 − r²)) (the same as scipy's exact beta form).
    ///
    /// Pairs with a NaN or infinite value are left out. nil coefficient with fewer than 2 pairs or a
    /// constant variable; nil p-value with fewer than 3 pairs; nil interval with fewer than 4. For |r| = 1
    /// the interval is [r, r] and p is 0. Differing counts give n = 0 and `nullReasons["input"]`.
    public static func pearson(_ x: [Double], _ y: [Double], level: Double = 0.95) -> CorrelationEstimate {
        estimate(x, y, level: level, ranked: false)
    }

    /// Spearman's ρ: Pearson's r of the mid-ranks (ties share their mean rank), equal to
    /// `scipy.stats.spearmanr`; p-value as for Pearson (scipy's t approximation); interval
    /// tanh(atanh ρ ± z √(1.06/(n − 3))) (Fieller, Hartley & Pearson 1957). Same nil rules as `pearson`.
    public static func spearman(_ x: [Double], _ y: [Double], level: Double = 0.95) -> CorrelationEstimate {
        estimate(x, y, level: level, ranked: true)
    }

    private static func estimate(_ x: [Double], _ y: [Double], level: Double, ranked: Bool) -> CorrelationEstimate {
        guard x.count == y.count else {
            let reason = "x (\(x.count)) and y (\(y.count)) differ in count"
            return CorrelationEstimate(
                n: 0, coefficient: nil, interval: nil, pValue: nil,
                nullReasons: ["input": reason, "coefficient": reason, "interval": reason, "pValue": reason])
        }
        let pairs = x.indices.filter { x[$0].isFinite && y[$0].isFinite }
        var first = pairs.map { x[$0] }
        var second = pairs.map { y[$0] }
        if ranked {
            first = MidRanks.of(first)
            second = MidRanks.of(second)
        }
        var result = CorrelationEstimate(n: pairs.count, coefficient: nil, interval: nil, pValue: nil)
        guard pairs.count >= 2 else {
            let reason = "needs at least 2 pairs with finite values; there are \(pairs.count)"
            result.nullReasons = ["coefficient": reason, "interval": reason, "pValue": reason]
            return result
        }
        guard let r = coefficient(first, second) else {
            let reason = "one variable is constant, so the correlation is undefined"
            result.nullReasons = ["coefficient": reason, "interval": reason, "pValue": reason]
            return result
        }
        result.coefficient = r
        let n = Double(pairs.count)
        if pairs.count < 3 {
            result.nullReasons["pValue"] = "needs at least 3 pairs for a t-test; there are 2"
        } else if abs(r) == 1 {
            result.pValue = 0
        } else {
            let t = r * ((n - 2) / ((1 - r) * (1 + r))).squareRoot()
            result.pValue = IncompleteBeta.studentTTwoSidedPValue(t: t, degreesOfFreedom: n - 2)
        }
        if pairs.count < 4 {
            result.nullReasons["interval"] = "needs at least 4 pairs for a Fisher z interval; there are \(pairs.count)"
        } else if let z = NormalDistribution.criticalValue(level: level) {
            let standardError = ((ranked ? 1.06 : 1) / (n - 3)).squareRoot()
            if abs(r) == 1 {
                result.interval = ConfidenceInterval(lower: r, upper: r, level: level)
            } else {
                result.interval = ConfidenceInterval(
                    lower: tanh(atanh(r) - z * standardError), upper: tanh(atanh(r) + z * standardError), level: level)
            }
        } else {
            result.nullReasons["interval"] = "level \(level) is outside (0, 1)"
        }
        return result
    }

    /// Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), clamped to [−1, 1]; nil when either variable is constant.
    private static func coefficient(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        guard sxx > 0, syy > 0, x.min() != x.max(), y.min() != y.max() else { return nil }
        return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
    }
}
