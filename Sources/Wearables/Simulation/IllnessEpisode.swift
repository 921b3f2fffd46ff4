import Foundation

/// An acute febrile illness (a respiratory infection, say) inside one simulated week: the wearer's heart
/// rate, awake and asleep, rises by `elevation` bpm over `rampBins`, holds, and falls back over another
/// `rampBins`, the way resting heart rate tracks a fever.
///
/// It is what the week label `illness` records, and it is planted so that only a model with multi-day
/// memory can read it: wearers' resting heart rates differ by far more (SD ≈ 7 bpm) than an episode
/// moves the weekly mean (≈ 3 bpm), so a rise is only clear against the same wearer's other days.
/// Steps are left as they are, so no local cue gives the episode away.
///
/// With `a = (age − 50) / 10`: P(illness) = σ(−1.1 − 0.2·a) (≈ 0.25 at 50; colds are commoner in
/// younger adults); onset uniform on days 1 … 4 after the week's start, duration uniform 2 … 3 days (so
/// every episode starts and ends inside the week, after at least a day of baseline), elevation uniform
/// 8 … 14 bpm, ramps of 12 h.
struct IllnessEpisode: Sendable, Hashable {
    /// Input bin where the rise starts (fractional).
    let onsetBin: Double
    /// Bins from the start of the rise to the end of the fall.
    let durationBins: Double
    /// Heart-rate rise at the plateau, bpm.
    let elevation: Double

    static let rampBins = 0.5 * WeekGrid.binsPerDay

    static func probability(age: Int) -> Double {
        OutcomeLabelModel.logistic(-1.1 - 0.2 * Double(age - 50) / 10)
    }

    /// Nil when the week passes without illness.
    static func sample(age: Int, using generator: inout SeededRandomNumberGenerator) -> IllnessEpisode? {
        guard generator.bernoulli(probability(age: age)) else { return nil }
        return IllnessEpisode(
            onsetBin: generator.uniform(1...4) * WeekGrid.binsPerDay,
            durationBins: generator.uniform(2...3) * WeekGrid.binsPerDay,
            elevation: generator.uniform(8...14))
    }

    /// The heart-rate rise in `bin`, bpm: 0 outside the episode, `elevation` on its plateau.
    func heartRateOffset(atBin bin: Int) -> Double {
        let time = Double(bin)
        let rising = (time - onsetBin) / Self.rampBins
        let falling = (onsetBin + durationBins - time) / Self.rampBins
        return elevation * min(1, max(0, min(rising, falling)))
    }
}
