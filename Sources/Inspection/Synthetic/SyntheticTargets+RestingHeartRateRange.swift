extension SyntheticTargets {
    /// The largest minus the smallest daily resting heart rate of the week, bpm.
    ///
    /// A day is a local calendar day of the week grid (585 1/7 bins from Monday 00:00; a bin belongs to
    /// the day of its midpoint, as in `LocalHourWindow`). Its resting heart rate is `resting_hr`'s
    /// computation on that day's still, awake bins (the still run may start the day before) and needs
    /// `restingMinimumBins` of them; the value needs `rangeMinimumDays` such days. No window of a few
    /// hours holds it: it compares days, as spotting an illness that lifts heart rate for two or three
    /// days does.
    static func restingHeartRateRange(_ week: SyntheticWeek, _ options: SyntheticTaskOptions) -> SyntheticValue {
        let bins = stillAwakeBins(week, options)
        let binsPerDay = Double(week.heartRate.count) / 7
        let byDay = Dictionary(grouping: bins) { min(6, Int((Double($0) + 0.5) / binsPerDay)) }
        let dailyRates = byDay.values.filter { $0.count >= options.restingMinimumBins }
            .map { lowestMean($0.map { week.heartRate[$0] }, options).mean }
        let counts = ["qualifying_bins": bins.count, "days": dailyRates.count]
        guard dailyRates.count >= options.rangeMinimumDays, let low = dailyRates.min(), let high = dailyRates.max() else {
            let days = dailyRates.count == 1 ? "1 day has" : "\(dailyRates.count) days have"
            let reason = "only \(days) \(options.restingMinimumBins) observed still, awake bins "
                + "(\(stillAwakeDefinition(options))); \(options.rangeMinimumDays) days needed"
            return SyntheticValue(value: nil, reason: reason, unit: "bpm", binsUsed: bins.count, counts: counts)
        }
        return SyntheticValue(value: high - low, reason: nil, unit: "bpm", binsUsed: bins.count, counts: counts)
    }
}
