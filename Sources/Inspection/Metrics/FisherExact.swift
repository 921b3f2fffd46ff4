import Foundation

/// Fisher's exact test of independence in a 2×2 table.
public enum FisherExact {
    /// The two-sided p-value for the table [[a, b], [c, d]]: with the margins fixed, `a` follows the
    /// hypergeometric distribution, and p is the total probability of the tables whose probability is at
    /// most the observed one's (within a relative 1e-7, as R's `fisher.test`, so tables that are equally
    /// likely in exact arithmetic are never split by rounding; `scipy.stats.fisher_exact` uses 1e-14 and
    /// agrees to ~1e-15 on every table in the tests). 1 when a margin is zero.
    ///
    /// Probabilities are built in log space from the mode outward by the ratio
    /// P(x + 1) / P(x) = (r₁ − x)(k − x) / ((x + 1)(r₂ − k + x + 1)), so no factorial overflows and tables far
    /// in the tail compare correctly even when their probabilities underflow. Counts must be non-negative.
    public static func twoSided(a: Int, b: Int, c: Int, d: Int) -> Double {
        precondition(a >= 0 && b >= 0 && c >= 0 && d >= 0, "2×2 table counts must be non-negative")
        let firstRow = a + b
        let secondRow = c + d
        let firstColumn = a + c
        let lowest = max(0, firstColumn - secondRow)
        let highest = min(firstRow, firstColumn)
        guard highest > lowest else { return 1 }
        let total = Double(firstRow + secondRow)
        let mode = min(highest, max(lowest, Int(Double(firstRow + 1) * Double(firstColumn + 1) / (total + 2))))

        // logWeights[x - lowest] = log P(x) − log P(mode)
        var logWeights = [Double](repeating: 0, count: highest - lowest + 1)
        func logRatio(_ x: Int) -> Double {  // log P(x + 1) − log P(x)
            log(Double(firstRow - x)) + log(Double(firstColumn - x))
                - log(Double(x + 1)) - log(Double(secondRow - firstColumn + x + 1))
        }
        if mode < highest {
            for x in mode..<highest { logWeights[x + 1 - lowest] = logWeights[x - lowest] + logRatio(x) }
        }
        if mode > lowest {
            for x in stride(from: mode - 1, through: lowest, by: -1) {
                logWeights[x - lowest] = logWeights[x + 1 - lowest] - logRatio(x)
            }
        }

        let cutoff = logWeights[a - lowest] + log1p(1e-7)
        var allTables = 0.0
        var asExtreme = 0.0
        for logWeight in logWeights {
            let weight = exp(logWeight)
            allTables += weight
            if logWeight <= cutoff { asExtreme += weight }
        }
        return min(1, asExtreme / allTables)
    }
}
