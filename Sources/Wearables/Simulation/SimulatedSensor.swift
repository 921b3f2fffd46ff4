/// How a simulated device samples heart rate and when it is off the wrist to charge.
///
/// Rates are per 147.65625 s bin of `WeekGrid`, as fractions of the bins in which the watch is worn:
///
/// | device | resting bins observed | workout bins observed | measurement noise | charging |
/// |---|---|---|---|---|
/// | Apple Watch, first generation | 0.57 | 1.0 | σ 6 bpm | 45–75 min every day |
/// | Apple Watch, later | 0.70 | 1.0 | σ 2 bpm | 45–75 min every day |
/// | Fitbit, Garmin | 0.95 | 1.0 | σ 2 bpm | 60–120 min once a week |
///
/// Wear OS and unknown devices, which the demo catalog never hands out, behave like a later Apple Watch.
///
/// The Apple Watch rates are higher than the "sample every ~5 min" figure (≈ 0.45 of bins) one might
/// quote, on purpose: `WeekSeries.coverage` is the fraction of all bins observed and weeks under 0.5 are
/// flagged, so at 0.45 every Apple Watch week would be flagged. With these rates an ordinary week has
/// coverage ≈ 0.52 (first generation), ≈ 0.64 (later Apple Watch) or ≈ 0.89 (Fitbit, Garmin), and only
/// the poor-wear weeks (5 %) and an occasional first-generation week fall below 0.5.
struct SimulatedSensor: Sendable {
    /// Probability that a worn bin outside workouts holds at least one heart-rate sample.
    let restingObservationProbability: Double
    /// Standard deviation of the optical sensor's error on a bin's mean, bpm.
    let measurementNoise: Double
    /// True when the device charges daily (Apple Watch) rather than weekly.
    let chargesDaily: Bool

    init(device: DeviceModel) {
        switch device.family {
        case .appleWatch where device.isFirstGenerationAppleWatch:
            restingObservationProbability = 0.57
            measurementNoise = 6
            chargesDaily = true
        case .appleWatch, .wearOS, .unknown:
            restingObservationProbability = 0.70
            measurementNoise = 2
            chargesDaily = true
        case .fitbit, .garmin:
            restingObservationProbability = 0.95
            measurementNoise = 2
            chargesDaily = false
        }
    }
}
