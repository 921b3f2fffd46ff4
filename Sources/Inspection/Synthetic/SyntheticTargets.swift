/// Synthetic targets of one week, computed from its own heart rate, steps, observed mask and context
/// masks; each task's definition is in `SyntheticTask.description` and the functions below.
///
/// Unobserved bins never count as heart rates (they hold 0 in stored weeks). Sums run in Float64.
public enum SyntheticTargets {
    public static func value(
        _ task: SyntheticTask, week: SyntheticWeek, options: SyntheticTaskOptions = .init()
    ) -> SyntheticValue {
        switch task {
        case .stdDayMinusNight: stdDayMinusNight(week, options)
        case .restingHeartRate: restingHeartRate(week, options)
        case .heartRateRecovery: heartRateRecovery(week, options)
        case .restingHeartRateRange: restingHeartRateRange(week, options)
        }
    }

    /// `DayNightVariability.target` with day bins = the day window and night bins = the night window.
    static func stdDayMinusNight(_ week: SyntheticWeek, _ options: SyntheticTaskOptions) -> SyntheticValue {
        let day = options.dayWindow.binMask, night = options.nightWindow.binMask
        let parts = DayNightVariability.moments(heartRate: week.heartRate, observed: week.observed, day: day, night: night)
        let counts = ["day_bins": parts.day.count, "night_bins": parts.night.count]
        let used = parts.day.count + parts.night.count
        let short = [("day", options.dayWindow, parts.day.count), ("night", options.nightWindow, parts.night.count)]
            .filter { $0.2 < options.minimumBins }
        guard short.isEmpty,
            let value = DayNightVariability.target(
                heartRate: week.heartRate, observed: week.observed, day: day, night: night, minimumBins: options.minimumBins)
        else {
            let parts = short.map { "the \($0.0) window (\($0.1.label)) has \($0.2) observed bins" }
            let reason = "too few observed bins: " + parts.joined(separator: " and ") + "; \(options.minimumBins) needed in each"
            return SyntheticValue(value: nil, reason: reason, unit: "bpm", binsUsed: used, counts: counts)
        }
        return SyntheticValue(value: value, reason: nil, unit: "bpm", binsUsed: used, counts: counts)
    }

    /// The mean of the lowest `restingLowestFraction` (at least one) of observed heart rates among still,
    /// awake bins (`stillAwakeBins`). Awake because sleep lowers heart rate by 6–12 bpm, and
    /// `hr_recovery` compares daytime heart rate with this value.
    static func restingHeartRate(_ week: SyntheticWeek, _ options: SyntheticTaskOptions) -> SyntheticValue {
        let qualifying = stillAwakeBins(week, options).map { week.heartRate[$0] }
        guard qualifying.count >= options.restingMinimumBins else {
            let reason = "only \(qualifying.count) observed still, awake bins (\(stillAwakeDefinition(options))); "
                + "\(options.restingMinimumBins) needed"
            return SyntheticValue(value: nil, reason: reason, unit: "bpm", binsUsed: qualifying.count,
                                  counts: ["qualifying_bins": qualifying.count, "lowest_bins": 0])
        }
        let (mean, lowestCount) = lowestMean(qualifying, options)
        return SyntheticValue(value: mean, reason: nil, unit: "bpm", binsUsed: qualifying.count,
                              counts: ["qualifying_bins": qualifying.count, "lowest_bins": lowestCount])
    }

    /// Observed bins with no steps in the bin and the `stillPrecedingBins` bins before it (so the first
    /// bins of the week, whose past is unknown, never qualify), outside the night window, and neither
    /// asleep nor in a workout where the week has those masks; in bin order.
    static func stillAwakeBins(_ week: SyntheticWeek, _ options: SyntheticTaskOptions) -> [Int] {
        let night = options.nightWindow.binMask
        let asleep = week.contextMasks["asleep"], workout = week.contextMasks["workout"]
        var qualifying: [Int] = []
        var stillRun = 0  // consecutive bins without steps, ending at the current bin
        for bin in week.heartRate.indices {
            stillRun = week.steps[bin] == 0 ? stillRun + 1 : 0
            guard stillRun > options.stillPrecedingBins, week.isObserved(bin), !night[bin],
                asleep?[bin] != true, workout?[bin] != true
            else { continue }
            qualifying.append(bin)
        }
        return qualifying
    }

    static func stillAwakeDefinition(_ options: SyntheticTaskOptions) -> String {
        "no steps in the bin and the \(options.stillPrecedingBins) before it, outside the night window "
            + "\(options.nightWindow.label), not asleep or in a workout"
    }

    /// The mean of the lowest `restingLowestFraction` of `rates` (at least one) and how many that is.
    static func lowestMean(_ rates: [Float], _ options: SyntheticTaskOptions) -> (mean: Double, count: Int) {
        let lowestCount = max(1, Int((options.restingLowestFraction * Double(rates.count)).rounded(.up)))
        let lowest = rates.sorted().prefix(lowestCount)
        return (lowest.reduce(0.0) { $0 + Double($1) } / Double(lowestCount), lowestCount)
    }
}
