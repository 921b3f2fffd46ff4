/// How well one unit's activation tells positions inside a context (e.g. `asleep`) from the rest.
///
/// Positions are all (week, step) pairs seen. Every value is finite: 0.5, `none` and 0 when the unit is
/// constant or a class has no position.
public struct SemanticUnit: Codable, Sendable, Equatable {
    public var tensor: String
    public var unit: Int
    /// Probability that a random inside position has a higher activation than a random outside one
    /// (ties count one half).
    public var auroc: Double
    /// `higher_in_context` (AUROC > 0.5), `lower_in_context` (< 0.5) or `none` (constant unit, or 0.5).
    public var direction: String
    /// `|auroc − 0.5| · 2`, 0 … 1: the ranking key, either direction.
    public var separation: Double
    /// Pearson correlation of the activation with the 0/1 mask; 0 when either is constant.
    public var pointBiserial: Double
    /// Mean activation over inside and over outside positions (0 for a class without positions).
    public var meanInside: Double
    public var meanOutside: Double
}
