/// When a unit counts as active at a position.
public enum ActivityRule: String, Codable, Sendable {
    /// `x > activeEpsilon`: for ReLU outputs, which are never negative and 0 when the unit is off.
    case positive
    /// `|x| > activeEpsilon`: for everything else (convolutions, LeakyReLU, LSTM features, heads).
    case nonZero = "non_zero"

    /// Whether `value` is active under this rule with threshold `epsilon`.
    @inline(__always)
    func isActive(_ value: Float, epsilon: Float) -> Bool {
        switch self {
        case .positive: value > epsilon
        case .nonZero: abs(value) > epsilon
        }
    }
}
