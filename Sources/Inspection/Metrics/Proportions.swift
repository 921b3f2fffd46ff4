import Foundation

/// Confidence intervals for binomial proportions and for the difference of two independent proportions.
public enum Proportions {
    /// The Wilson score interval for successes / trials:
    /// (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), always inside [0, 1] and sensible at 0 and n
    /// successes (unlike the Wald interval). Matches `scipy.stats.binomtest(...).proportion_ci(method="wilson")`
    /// to ~1e-15. nil without trials, with successes outside 0...trials or a level outside (0, 1).
    public static func wilson(successes: Int, trials: Int, level: Double = 0.95) -> ConfidenceInterval? {
        wilson(successes: Double(successes), trials: Double(trials), level: level)
    }

    /// The Wilson interval for real-valued counts, as the effective counts of `clusteredDifference` are.
    static func wilson(successes: Double, trials: Double, level: Double) -> ConfidenceInterval? {
        guard trials > 0, successes >= 0, successes <= trials,
            let z = NormalDistribution.criticalValue(level: level)
        else { return nil }
        let n = trials
        let p = successes / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 (or n) successes the lower (upper) bound is exactly 0 (1); rounding would leave ~1e-17.
        return ConfidenceInterval(
            lower: successes == 0 ? 0 : max(0, centre - halfWidth),
            upper: successes == trials ? 1 : min(1, centre + halfWidth), level: level)
    }

    /// The difference a − b of two independent proportions.
    ///
    /// - interval: Newcombe's (1998) method 10, the hybrid score interval built from each proportion's
    ///   Wilson interval (lᵢ, uᵢ): d − √((p₁ − l₁)² + (u₂ − p₂)²) to d + √((u₁ − p₁)² + (p₂ − l₂)²).
    ///   For 56/70 vs 48/80 this gives 0.0524 to 0.3339, as in Newcombe's paper.
    /// - standardError: the unpooled Wald standard error √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂).
    /// - pValue: the pooled two-proportion z-test, identical to Pearson's χ² test of the 2×2 table without
    ///   continuity correction; 1 when the pooled proportion is 0 or 1 (both samples all failures or all
    ///   successes). For small counts prefer `FisherExact.twoSided`.
    ///
    /// nil if either sample has no trials or impossible counts, or the level is outside (0, 1).
    public static func difference(
        _ a: (successes: Int, trials: Int), _ b: (successes: Int, trials: Int), level: Double = 0.95
    ) -> Difference? {
        difference(
            (Double(a.successes), Double(a.trials)), (Double(b.successes), Double(b.trials)), level: level)
    }

    /// `difference` for real-valued counts.
    static func difference(
        _ a: (successes: Double, trials: Double), _ b: (successes: Double, trials: Double), level: Double
    ) -> Difference? {
        guard let intervalA = wilson(successes: a.successes, trials: a.trials, level: level),
            let intervalB = wilson(successes: b.successes, trials: b.trials, level: level)
        else { return nil }
        let n1 = a.trials
        let n2 = b.trials
        let p1 = a.successes / n1
        let p2 = b.successes / n2
        let difference = p1 - p2
        let lower = difference - hypot(p1 - intervalA.lower, intervalB.upper - p2)
        let upper = difference + hypot(intervalA.upper - p1, p2 - intervalB.lower)
        let standardError = (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2).squareRoot()
        let pooled = (a.successes + b.successes) / (n1 + n2)
        let pooledError = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)).squareRoot()
        let pValue = pooledError > 0 ? NormalDistribution.twoSidedPValue(difference / pooledError) : 1
        return Difference(
            difference: difference, standardError: standardError,
            interval: ConfidenceInterval(lower: max(-1, lower), upper: min(1, upper), level: level),
            pValue: pValue)
    }
}
