import Foundation

/// The deterministic demo cohort: simulated wearers with metadata, outcome labels and weeks of heart
/// rate and steps, generated from a documented causal model so analyses can check what they recover.
///
/// Every user draws from its own random stream, keyed by (seed, index), and every week from a stream
/// keyed by (seed, index, week), so user k and its weeks are the same whatever else is generated, in
/// whatever order. Results are bitwise identical across runs and machines of one platform for the same
/// seed; another platform's math library (`log`, `cos`, `exp`) may differ in the last bit, which can
/// nudge values.
///
/// ## Generative model
///
/// Units: age in years, heart rate in bpm, blood pressure in mmHg, times in hours or minutes as named.
/// Below, `a = (age − 50) / 10`, `male` is 1 for men and 0 for women, `b = (BMI − 26) / 4`, and N(0, 1)
/// draws are independent.
///
/// **Metadata.** age uniform on the integers 20 … 80 (birthYear = 2026 − age); sex male with
/// probability 0.5; UTC offset −8 h (15 %), −5 h (30 %), 0 (15 %), +1 h (25 %), +2 h (15 %); device
/// from `SimulatedDeviceCatalog` (first-generation Apple Watch 24 %, later Apple Watch 32 %, Fitbit
/// 24 %, Garmin 20 %); source `.simulated`; external id `demo-0001` for index 0.
///
/// **Body and habits.**
/// - BMI = clamp(26 + 0.5·a + 0.5·male + 4·N(0, 1), 17, 45)
/// - fitness = N(0, 1) − 0.3·b − 0.2·a
/// - daily steps = clamp(7000 + 2200·fitness + 1000·N(0, 1), 1500, 16000); workouts per week (Poisson
///   mean) = clamp(1.5 + fitness, 0.2, 4.5), at most 5 in a week
/// - sleep onset habit uniform 22:30 … 00:30, nightly jitter SD 24 min, +30 min on Friday and Saturday;
///   duration habit uniform 6.5 … 8 h, nightly SD 27 min, clamped 6 … 8.5 h
///
/// **Latent causes.**
/// - Sleep apnea: AHI (events/h) = max(0, exp(1.4 + 0.15·a + 0.25·male + 0.35·b + 0.8·N(0, 1)) − 3).
///   Nightly apnea cycles raise night-time heart-rate variability: surge amplitude
///   20·(1 − e^(−AHI/10)) bpm, fraction of sleep in apnea clusters min(0.8, AHI/20).
/// - Diabetes: g = 0.30·a + 0.40·b + N(0, 1); recovery time constant after exertion
///   τ = 4 + 10·σ(3·(g − 1.2)) minutes (≈ 4.3 at g = 0, 9 at g = 1.2, 13 at g = 2).
/// - Hypertension: SBP = 122 + 5·a + 4·male + 3·b + 11·N(0, 1) mmHg; it raises resting heart rate by
///   8·σ((SBP − 130)/4) bpm (0.6 at 120 mmHg, 4 at 130, 7.4 at 140).
/// - Resting heart rate = clamp(67 − 2.5·male − 4·fitness + b + hypertension offset + 4·N(0, 1),
///   44, 100); sleeping drop uniform 6 … 12 bpm; circadian amplitude uniform 2 … 5 bpm, peaking at
///   N(16, 1.5²) h local time.
///
/// **Labels** (σ is the logistic function):
/// - P(sleep_apnea = 1) = σ(−4.5 + 0.60·AHI + 0.10·a + 0.10·male)
/// - P(hypertension = 1) = σ(−1.2 + 1.2·(SBP − 130)/10 + 0.20·a + 0.20·male)
/// - P(diabetes = 1) = σ(−2.4 + 1.5·g + 0.25·a + 0.20·male)
/// - systolic_bp = round(SBP + 6·N(0, 1))
/// - illness, per week: see **Weeks**.
///
/// **Weeks**, bin by bin (147.65625 s = 2.461 min bins; details in `WeekActivityPlan`, `WeekSimulator`,
/// `SimulatedSensor`, `SimulatedWorkoutKind`):
/// - Sleep: every night from the Sunday before the week to its last Sunday, at the user's habits.
/// - Device off the wrist: later Apple Watches charge 45–75 min a day (after waking or in the evening),
///   first-generation ones overnight on 9 nights in 10 (so their nights are mostly missing), Fitbit and
///   Garmin 60–120 min one evening a week; Poisson(1.2) gaps of 0.5–4 h a week; and in 5 % of
///   weeks one block of 55–85 % of the week, which makes those weeks low-coverage.
/// - Workouts: min(5, Poisson(workouts per week)), 20–70 min, starting 06:00–20:30 while awake and
///   worn: run 35 % (+60–80 bpm, 150–175 steps/min), cycle 20 % (+45–70 bpm, no steps), strength 20 %
///   (+40–55 bpm, Poisson(25) steps a bin), brisk walk 25 % (+40–50 bpm, 110–125 steps/min).
/// - Walking: bouts of 3 bins on average at 80–115 steps/min, otherwise Poisson(12) steps in 30 % of
///   awake bins, scaled to the daily step target. Steps are whole numbers, 0 asleep or not worn.
/// - Heart rate: resting + circadian·cos(2π(hour − peak)/24) − sleeping drop·asleep + E + D + A + I + ε,
///   where E(t) = max(drive(t), E(t−1)·e^(−2.461/τ)) with drive a workout's rise or 0.18 bpm per
///   step/min; D is AR(1) drift (φ 0.9, innovation SD 1.2 bpm awake, 0.35 asleep); A, asleep only, is
///   apnea cycles of 2–3 bins that open with a surge of amplitude × U(0.7, 1.3) and otherwise sit
///   0.3 × amplitude low, in clusters covering the apnea cluster fraction of sleep; ε is N(0, 1.5²)
///   awake or N(0, 0.5²) asleep plus the sensor's error; clamped to 35 … 210 bpm.
/// - Observation: a worn bin is observed always in workouts, otherwise with probability 0.85 for a
///   first-generation Apple Watch (sensor error SD 6 bpm), 0.70 for later Apple Watches (SD 2) and 0.95
///   for Fitbit and Garmin (SD 2); heart rate is 0 where unobserved.
/// - Illness, a week label: with P = σ(−1.1 − 0.2·a) a week holds one febrile episode that raises heart
///   rate, awake and asleep, by U(8, 14) bpm for U(2, 3) days from an onset U(1, 4) days into the week,
///   with 12 h ramps (`IllnessEpisode`); steps are unchanged.
/// - Each week starts at `firstMonday` + 7·w days with the user's UTC offset and always carries the
///   `asleep` (sleep while the device was worn) and `workout` context masks.
public struct CohortSimulator: Sendable {
    /// The year ages are counted in (birthYear = referenceYear − age).
    public static let referenceYear = 2026

    public let seed: UInt64
    public let userCount: Int
    public let weeksPerUser: Int
    /// The Monday the first week of every user starts on (a non-Monday is moved back to its Monday).
    public let firstMonday: LocalDate

    /// Negative counts are treated as 0.
    public init(
        seed: UInt64 = 20_261_130, userCount: Int = 1_500, weeksPerUser: Int = 2,
        firstMonday: LocalDate = LocalDate(year: 2026, month: 3, day: 2)
    ) {
        self.seed = seed
        self.userCount = max(0, userCount)
        self.weeksPerUser = max(0, weeksPerUser)
        self.firstMonday = firstMonday.mondayOnOrBefore
    }

    /// Deterministic per index: each user has its own RNG stream derived from (seed, index), so user k
    /// is the same whatever else is generated. Any index ≥ 0 works, also beyond `userCount`.
    public func user(at index: Int) -> SimulatedUser {
        precondition(index >= 0, "a simulated user's index is 0 or more, got \(index)")
        var generator = SeededRandomNumberGenerator(seed: seed, stream: [UInt64(index), 0])
        return SimulatedUserSampler.sample(index: index, using: &generator)
    }

    /// The cohort's users, indices 0 ..< userCount, generated afresh on every call (a few microseconds
    /// per user; the weeks are what take time).
    public var users: [SimulatedUser] {
        (0..<userCount).map(user(at:))
    }

    /// The user's consecutive weeks starting at firstMonday, deterministic given (seed, index).
    public func weeks(of user: SimulatedUser) -> [WeekSeries] {
        simulatedWeeks(of: user).map(\.series)
    }

    /// The user's weeks with their week labels (`illness`, 0 or 1).
    ///
    /// Uses the traits and device of `user` as given, so a user edited by the caller gets weeks that
    /// follow the edit. Week w draws its illness episode from the stream (seed, index, w + 1, 1) and
    /// everything else from (seed, index, w + 1), so the episodes leave every other draw unchanged.
    public func simulatedWeeks(of user: SimulatedUser) -> [SimulatedWeek] {
        let sensor = SimulatedSensor(device: user.profile.device)
        let simulator = WeekSimulator(traits: user.traits, sensor: sensor)
        return (0..<weeksPerUser).map { week in
            var illnessGenerator = SeededRandomNumberGenerator(
                seed: seed, stream: [UInt64(user.index), UInt64(week + 1), 1])
            let illness = IllnessEpisode.sample(age: user.age, using: &illnessGenerator)
            var generator = SeededRandomNumberGenerator(
                seed: seed, stream: [UInt64(user.index), UInt64(week + 1)])
            let series = simulator.simulate(
                start: firstMonday.adding(days: 7 * week), utcOffsetSeconds: user.utcOffsetSeconds,
                illness: illness, using: &generator)
            return SimulatedWeek(series: series, labels: ["illness": illness == nil ? 0 : 1])
        }
    }
}
