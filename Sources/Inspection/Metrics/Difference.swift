/// A difference between two estimates (first minus second), its standard error, a confidence interval and a
/// two-sided p-value for "no difference". How each is computed is stated by the function that returns it
/// (`DeLong.compareIndependent`, `Proportions.difference`, `PairedErrors.maeDifference`).
public struct Difference: Codable, Sendable, Equatable {
    public var difference: Double
    public var standardError: Double
    public var interval: ConfidenceInterval
    public var pValue: Double

    public init(difference: Double, standardError: Double, interval: ConfidenceInterval, pValue: Double) {
        self.difference = difference
        self.standardError = standardError
        self.interval = interval
        self.pValue = pValue
    }
}

extension Difference {
    /// `difference` with standard error √variance, the normal-approximation interval difference ± z·SE and
    /// the two-sided z-test p-value. With a zero standard error the interval is the point and p is 1 for no
    /// difference and 0 otherwise. A `level` outside (0, 1) is replaced by 0.95 (reported in the interval).
    /// Inputs are expected to be finite.
    public static func normal(_ difference: Double, variance: Double, level: Double = 0.95) -> Difference {
        let usedLevel = level > 0 && level < 1 ? level : 0.95
        let z = NormalDistribution.criticalValue(level: usedLevel) ?? 1.959963984540054
        let standardError = max(0, variance).squareRoot()
        let pValue: Double
        if standardError > 0 {
            pValue = NormalDistribution.twoSidedPValue(difference / standardError)
        } else {
            pValue = difference == 0 ? 1 : 0
        }
        return Difference(
            difference: difference, standardError: standardError,
            interval: ConfidenceInterval(
                lower: difference - z * standardError, upper: difference + z * standardError, level: usedLevel),
            pValue: pValue)
    }
}
