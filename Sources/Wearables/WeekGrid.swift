import Foundation

/// The fixed time grid every week is resampled to.
///
/// A week runs from Monday 00:00 to the next Monday 00:00 in the wearer's local time and is cut into
/// 4,096 equal bins of 147.65625 s (604,800 s / 4,096). The UTC offset in force at the week's start is
/// used for the whole week; a daylight-saving change inside the week shifts the later local clock times
/// by an hour but never changes the number of bins.
public enum WeekGrid {
    /// Bins in one week.
    public static let binCount = 4096
    /// Seconds in one week.
    public static let weekSeconds: Double = 7 * 24 * 3600
    /// Seconds in one bin: 147.65625.
    public static let binSeconds: Double = weekSeconds / Double(binCount)
    /// Bins in one day (585.142857…; days do not fall on bin edges).
    public static let binsPerDay: Double = Double(binCount) / 7

    /// The bin holding a moment `secondsSinceWeekStart` after the week's start, or nil outside the week.
    public static func bin(secondsSinceWeekStart seconds: Double) -> Int? {
        guard seconds >= 0, seconds < weekSeconds else { return nil }
        return min(binCount - 1, Int(seconds / binSeconds))
    }

    /// Local hour of day (0 ..< 24, fractional) at the middle of `bin`.
    public static func localHour(ofBin bin: Int) -> Double {
        let seconds = (Double(bin) + 0.5) * binSeconds
        return (seconds.truncatingRemainder(dividingBy: 86_400)) / 3600
    }

    /// Day of the week (0 = Monday … 6 = Sunday) at the middle of `bin`.
    public static func dayOfWeek(ofBin bin: Int) -> Int {
        Int(((Double(bin) + 0.5) * binSeconds) / 86_400)
    }
}
