/// The parameters of the synthetic tasks; every field has a default, and JSON may give any subset.
public struct SyntheticTaskOptions: Codable, Sendable, Equatable {
    /// `std_day_minus_night`: the day part (default 08:00–20:00 local). Day bins are this window only,
    /// not "everything outside the night window".
    public var dayWindow: LocalHourWindow
    /// `std_day_minus_night`: the night part (default 00:00–06:00 local); `resting_hr` excludes it as
    /// the likely-asleep hours.
    public var nightWindow: LocalHourWindow
    /// `std_day_minus_night`: observed bins each window needs over the week (default 10).
    public var minimumBins: Int
    /// `resting_hr`: bins before a bin that must also have no steps for it to count as still
    /// (default 4: five still bins, 12.3 min).
    public var stillPrecedingBins: Int
    /// `resting_hr`: the fraction of lowest qualifying heart rates averaged (default 0.1; at least one bin).
    public var restingLowestFraction: Double
    /// `resting_hr`: qualifying bins needed (default 30); `resting_hr_range`: the same per day.
    public var restingMinimumBins: Int
    /// `resting_hr_range`: days with a resting heart rate needed (default 4, 2 at least).
    public var rangeMinimumDays: Int
    /// `hr_recovery`: a bin has recovered at or below resting_hr + this margin, bpm (default 15).
    /// Awake daytime heart rate at rest sits several bpm above resting_hr (the lowest tenth), so with a
    /// margin of 10 the first crossing depends more on noise than on how fast the wearer recovers.
    public var recoveryMarginBpm: Double
    /// `hr_recovery`: longest recovery measured, minutes (default 180); slower episodes are censored.
    public var recoveryMaximumMinutes: Double

    public init(
        dayWindow: LocalHourWindow = .init(startHour: 8, endHour: 20),
        nightWindow: LocalHourWindow = .init(startHour: 0, endHour: 6),
        minimumBins: Int = 10, stillPrecedingBins: Int = 4, restingLowestFraction: Double = 0.1,
        restingMinimumBins: Int = 30, rangeMinimumDays: Int = 4, recoveryMarginBpm: Double = 15,
        recoveryMaximumMinutes: Double = 180
    ) {
        self.dayWindow = dayWindow
        self.nightWindow = nightWindow
        self.minimumBins = minimumBins
        self.stillPrecedingBins = stillPrecedingBins
        self.restingLowestFraction = restingLowestFraction
        self.restingMinimumBins = restingMinimumBins
        self.rangeMinimumDays = rangeMinimumDays
        self.recoveryMarginBpm = recoveryMarginBpm
        self.recoveryMaximumMinutes = recoveryMaximumMinutes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SyntheticTaskOptions()
        dayWindow = try container.decodeIfPresent(LocalHourWindow.self, forKey: .dayWindow) ?? defaults.dayWindow
        nightWindow = try container.decodeIfPresent(LocalHourWindow.self, forKey: .nightWindow) ?? defaults.nightWindow
        minimumBins = try container.decodeIfPresent(Int.self, forKey: .minimumBins) ?? defaults.minimumBins
        stillPrecedingBins = try container.decodeIfPresent(Int.self, forKey: .stillPrecedingBins) ?? defaults.stillPrecedingBins
        restingLowestFraction =
            try container.decodeIfPresent(Double.self, forKey: .restingLowestFraction) ?? defaults.restingLowestFraction
        restingMinimumBins = try container.decodeIfPresent(Int.self, forKey: .restingMinimumBins) ?? defaults.restingMinimumBins
        rangeMinimumDays = try container.decodeIfPresent(Int.self, forKey: .rangeMinimumDays) ?? defaults.rangeMinimumDays
        recoveryMarginBpm = try container.decodeIfPresent(Double.self, forKey: .recoveryMarginBpm) ?? defaults.recoveryMarginBpm
        recoveryMaximumMinutes =
            try container.decodeIfPresent(Double.self, forKey: .recoveryMaximumMinutes) ?? defaults.recoveryMaximumMinutes
    }

    /// Nil when every option is usable, else what is wrong (for a 422 answer).
    public var invalidReason: String? {
        if let problem = dayWindow.invalidReason ?? nightWindow.invalidReason { return problem }
        if minimumBins < 1 || restingMinimumBins < 1 { return "minimum bin counts must be at least 1" }
        if !(2...7).contains(rangeMinimumDays) { return "range_minimum_days must be 2 to 7, got \(rangeMinimumDays)" }
        if stillPrecedingBins < 0 { return "still_preceding_bins must be 0 or more, got \(stillPrecedingBins)" }
        if !(restingLowestFraction > 0 && restingLowestFraction <= 1) {
            return "resting_lowest_fraction must lie in (0, 1], got \(restingLowestFraction)"
        }
        if !(recoveryMarginBpm >= 0) || !(recoveryMaximumMinutes > 0) {
            return "recovery margin must be 0 or more and the maximum positive, got \(recoveryMarginBpm) bpm, \(recoveryMaximumMinutes) min"
        }
        return nil
    }
}
