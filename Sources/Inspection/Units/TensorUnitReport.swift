/// A unit scan's result for one tensor.
public struct TensorUnitReport: Codable, Sendable, Equatable {
    public var name: String
    public var layout: TimeAxisLayout
    public var activity: ActivityRule
    public var upstream: [String]
    /// 0 when no week was seen.
    public var units: Int
    /// Positions (week, step) each unit was seen at: the sum of the weeks' steps.
    public var positions: Int
    /// Units active at no more than `deadFraction` of the positions.
    public var deadUnits: [Int]
    /// Units that are not dead but do not change over time (see `UnitScanThresholds.staticTolerance`).
    public var staticUnits: [Int]
    /// Units neither dead nor static but active at no more than `rarelyActiveFraction` of positions.
    public var rarelyActiveUnits: [Int]
    /// Stable codes for the tensor, in this order: `dead_layer` (every unit dead) or else `dead_unit`;
    /// `emits_bias` (every unit dead or static and an upstream tensor is a dead layer) or else
    /// `static_unit`; `rarely_active`.
    public var verdicts: [String]
    /// One entry per unit, in unit order.
    public var unitStatistics: [UnitStatistics]
}
