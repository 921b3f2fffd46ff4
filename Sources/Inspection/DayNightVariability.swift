/// The synthetic target `std(daytime HR) - std(nighttime HR)` of one week.
///
/// A sleep-apnea screen built from the inputs alone: apnea raises the variability of night-time heart
/// rate, so the difference falls. Computing it needs day/night separation and memory over the whole
/// week, which is what makes it a test of whether an architecture can learn what the real task needs.
public enum DayNightVariability {
    /// Population standard deviations (divide by n) of observed heart rate in day bins (every bin outside
    /// `night`) and in night bins, and their difference; nil when either part has fewer than
    /// `minimumBins` observed bins.
    ///
    /// - Parameters:
    ///   - heartRate: bpm per bin; ignored where `observed` is 0.
    ///   - observed: 1 where the bin holds a heart-rate sample.
    ///   - night: true for night bins (e.g. the `asleep` context mask, or local 00:00–06:00).
    /// Accumulates in Float64, so the result is exact to float32 rounding of the inputs.
    public static func target(
        heartRate: [Float], observed: [Float], night: [Bool], minimumBins: Int = 10
    ) -> Double? {
        target(heartRate: heartRate, observed: observed, day: night.map { !$0 }, night: night, minimumBins: minimumBins)
    }

    /// The same with both parts given: day bins are those where `day` is true (e.g. local 08:00–20:00),
    /// not everything outside the night. A bin in neither part is ignored; one in both counts in both.
    public static func target(
        heartRate: [Float], observed: [Float], day: [Bool], night: [Bool], minimumBins: Int = 10
    ) -> Double? {
        let parts = moments(heartRate: heartRate, observed: observed, day: day, night: night)
        guard parts.day.count >= minimumBins, parts.night.count >= minimumBins else { return nil }
        return parts.day.standardDeviation - parts.night.standardDeviation
    }

    /// The moments of observed heart rate in each part.
    static func moments(
        heartRate: [Float], observed: [Float], day: [Bool], night: [Bool]
    ) -> (day: RunningMoments, night: RunningMoments) {
        precondition(heartRate.count == observed.count && observed.count == night.count && night.count == day.count,
                     "channel lengths differ")
        var dayMoments = RunningMoments()
        var nightMoments = RunningMoments()
        for bin in heartRate.indices where observed[bin] > 0 {
            if night[bin] { nightMoments.add(Double(heartRate[bin])) }
            if day[bin] { dayMoments.add(Double(heartRate[bin])) }
        }
        return (dayMoments, nightMoments)
    }
}

/// Count, mean and variance by Welford's update.
struct RunningMoments {
    private(set) var count = 0
    private(set) var mean = 0.0
    private var sumOfSquares = 0.0

    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquares += delta * (value - mean)
    }

    /// Population standard deviation; 0 for fewer than two values.
    var standardDeviation: Double {
        count > 1 ? (sumOfSquares / Double(count)).squareRoot() : 0
    }
}
