/// One unit's statistics over a unit scan's weeks. Every value is 0 when no week was seen.
public struct UnitStatistics: Codable, Sendable, Equatable {
    public var unit: Int
    /// Fraction of positions (week, step) at which the unit is active under its tensor's rule.
    public var activeFraction: Double
    /// The unit's population standard deviation over the steps of a week, averaged over weeks: how
    /// much it changes over time.
    public var meanTemporalStd: Double
    /// Population standard deviation over weeks of the unit's per-week mean: how much its level
    /// differs from week to week.
    public var acrossWeekStd: Double
    /// Mean over every position.
    public var mean: Double
    /// `dead_unit`, `static_unit`, `rarely_active`, or nil.
    public var verdict: String?
}
