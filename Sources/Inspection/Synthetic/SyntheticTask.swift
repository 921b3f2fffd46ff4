/// A target computed from a week's own inputs, to test whether an architecture can learn what a real
/// task needs (day/night separation, memory over days, recovery after exertion).
///
/// `description` is deliberately not `CustomStringConvertible`: interpolating a task gives its raw
/// value (`std_day_minus_night`), as error messages and JSON expect.
public enum SyntheticTask: String, Codable, Sendable, CaseIterable {
    case stdDayMinusNight = "std_day_minus_night"
    case restingHeartRate = "resting_hr"
    case heartRateRecovery = "hr_recovery"
    case restingHeartRateRange = "resting_hr_range"

    /// The unit of the task's value.
    public var unit: String {
        switch self {
        case .stdDayMinusNight, .restingHeartRate, .restingHeartRateRange: "bpm"
        case .heartRateRecovery: "min"
        }
    }

    /// What the value means, its unit, and when it is missing (defaults of `SyntheticTaskOptions`).
    public var description: String {
        switch self {
        case .stdDayMinusNight:
            "bpm: population standard deviation of observed heart rate in day-window bins (default 08:00–20:00 local) "
                + "minus that in night-window bins (default 00:00–06:00 local), over the week; missing when either "
                + "window has fewer than 10 observed bins. Sleep apnea raises night-time variability, so it lowers this."
        case .restingHeartRate:
            "bpm: mean of the lowest 10% of observed heart rates among still, awake bins (no steps in the bin and the "
                + "4 bins before it, ≈ 12 min; outside the night window; not asleep or in a workout where the week has "
                + "those masks), over the week; missing when fewer than 30 bins qualify."
        case .heartRateRecovery:
            "min: mean over workout episodes (runs of the workout mask) of the time from an episode's end to the first "
                + "observed bin at or below resting_hr + 15 bpm; episodes not recovered within 180 min, or cut short by "
                + "the next workout or the week's end, are excluded and counted; missing without a workout mask, a "
                + "workout, a resting heart rate or a measurable recovery."
        case .restingHeartRateRange:
            "bpm: the largest minus the smallest daily resting heart rate of the week, each day's computed as resting_hr "
                + "on that local day's still, awake bins (30 needed); missing when fewer than 4 days have one. It compares "
                + "days, so only a model with memory over days can learn it; an illness that lifts heart rate for a few "
                + "days widens it."
        }
    }
}
