/// A correlation coefficient with its confidence interval and two-sided p-value for "no correlation".
/// Fields that the data cannot support are nil, with `nullReasons[fieldName]` saying why; never NaN.
public struct CorrelationEstimate: Codable, Sendable, Equatable {
    /// Pairs used: those where both values are finite.
    public var n: Int
    public var coefficient: Double?
    public var interval: ConfidenceInterval?
    public var pValue: Double?
    public var nullReasons: [String: String]

    public init(
        n: Int, coefficient: Double?, interval: ConfidenceInterval?, pValue: Double?,
        nullReasons: [String: String] = [:]
    ) {
        self.n = n
        self.coefficient = coefficient
        self.interval = interval
        self.pValue = pValue
        self.nullReasons = nullReasons
    }
}
