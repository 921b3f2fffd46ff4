/// A difference between two estimates (first minus second), its standard error, a confidence interval and a
/// two-sided p-value for "no difference". How each is computed is stated by the function that returns it
/// (`DeLong.compareIndependent`, `Proportions.difference`).
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
