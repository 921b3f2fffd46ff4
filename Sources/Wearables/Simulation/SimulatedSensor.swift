/// How a simulated device samples heart rate and when it is off the wrist to charge.
///
/// Rates are per 147.65625 s bin of `WeekGrid`, as fractions of the bins in which the watch is worn:
///
/// | device | resting bins observed | workout bins observed | measurement noise | charging |
/// |---|---|---|---|---|
/// | Apple Watch, first generation | 0.85 | 1.0 | σ 6 bpm | overnight, 9 nights in 10 |
/// | Apple Watch, later | 0.70 | 1.0 | σ 2 bpm | 45–75 min every day |
/// | Fitbit, Garmin | 0.95 | 1.0 | σ 2 bpm | 60–120 min once a week |
///
/// Wear OS and unknown devices, which the demo catalog never hands out, behave like a later Apple Watch.
///
/// The first generation's overnight charging is the demo's device artefact: its battery does not last
/// a day and a night, so its wearers' nights, where sleep apnea shows, are mostly missing. Models that
/// read apnea from the nights do worse on those watches, and their `std_day_minus_night` rests on the
/// night or so a week they keep, or has no value.
///
/// The Apple Watch rates are higher than the "sample every ~5 min" figure (≈ 0.45 of bins) one might
/// quote, on purpose: `WeekSeries.coverage` is the fraction of all bins observed and weeks under 0.5 are
/// flagged, so at 0.45 every Apple Watch week would be flagged. With these rates an ordinary week has
/// coverage ≈ 0.57 (first generation), ≈ 0.64 (later Apple Watch) or ≈ 0.89 (Fitbit, Garmin), and only
/// the poor-wear weeks (5 %) and some first-generation weeks fall below 0.5.
struct SimulatedSensor: Sendable {
    enum Charging: Sendable {
        /// 45–75 min a day, after waking or in the evening.
        case dailyShort
        /// From just before sleep until just after waking, on 9 nights in 10.
        case overnight
        /// 60–120 min on one evening of the week.
        case weekly
    }

    /// Probability that a worn bin outside workouts holds at least one heart-rate sample.
    let restingObservationProbability: Double
    /// Standard deviation of the optical sensor's error on a bin's mean, bpm.
    let measurementNoise: Double
    let charging: Charging

    init(device: DeviceModel) {
        switch device.family {
        case .appleWatch where device.isFirstGenerationAppleWatch:
            restingObservationProbability = 0.85
            measurementNoise = 6
            charging = .overnight
        case .appleWatch, .wearOS, .unknown:
            restingObservationProbability = 0.70
            measurementNoise = 2
            charging = .dailyShort
        case .fitbit, .garmin:
            restingObservationProbability = 0.95
            measurementNoise = 2
            charging = .weekly
        }
    }
}
