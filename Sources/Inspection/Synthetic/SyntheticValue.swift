/// One week's value of a synthetic task, or why it has none.
public struct SyntheticValue: Codable, Sendable, Equatable {
    /// Nil when the week does not allow the computation; `reason` then says why.
    public var value: Double?
    /// Why `value` is nil; nil when it is not.
    public var reason: String?
    /// `bpm` or `min` (see `SyntheticTask.unit`).
    public var unit: String
    /// Observed bins the value was computed from (for `hr_recovery`: the observed bins scanned after the
    /// measured episodes).
    public var binsUsed: Int
    /// What the computation counted, by name: `day_bins`, `night_bins` (std_day_minus_night);
    /// `qualifying_bins`, `lowest_bins` (resting_hr); `episodes`, `measured`, `censored`, `cut_short`
    /// (hr_recovery); `qualifying_bins`, `days` (resting_hr_range).
    public var counts: [String: Int]

    public init(value: Double?, reason: String?, unit: String, binsUsed: Int, counts: [String: Int] = [:]) {
        self.value = value
        self.reason = reason
        self.unit = unit
        self.binsUsed = binsUsed
        self.counts = counts
    }
}
