import Testing
import Wearables

@testable import Inspection

/// Synthetic targets on the simulated demo cohort (200 users, one week each), checked against what the
/// generative model (`CohortSimulator`) implies; every test prints what it measured.
struct SyntheticTargetsDemoCohortTests {
    typealias Record = SyntheticCohortWeeks.Record

    /// (record, value) for every week where `task` has a value; also prints how many have none and why.
    static func values(_ task: SyntheticTask) -> [(record: Record, value: Double)] {
        let all = SyntheticCohortWeeks.demo.map { ($0, SyntheticTargets.value(task, week: $0.week)) }
        let reasons = Dictionary(grouping: all.compactMap { $0.1.reason?.prefix(40) }, by: { $0 }).mapValues(\.count)
        print("\(task.rawValue): \(all.count - reasons.values.reduce(0, +)) of \(all.count) weeks have a value; missing: \(reasons)")
        return all.compactMap { record, value in value.value.map { (record, $0) } }
    }

    static func labelSplit(_ values: [(record: Record, value: Double)], _ label: String) -> (positive: [Double], negative: [Double]) {
        (values.filter { $0.record.user.profile.labels[label] == 1 }.map(\.value),
         values.filter { $0.record.user.profile.labels[label] == 0 }.map(\.value))
    }

    /// Apnea raises night-time variability, so sleep-apnea positives have the lower std(day) − std(night).
    @Test func sleepApneaLowersStdDayMinusNight() {
        let values = Self.values(.stdDayMinusNight)
        let (positive, negative) = Self.labelSplit(values, "sleep_apnea")
        let labels = values.map { $0.record.user.profile.labels["sleep_apnea"] ?? 0 }
        let pointBiserial = SyntheticCohortWeeks.pearson(labels, values.map(\.value))
        let ahi = SyntheticCohortWeeks.pearson(values.map(\.record.user.traits.apneaSeverity), values.map(\.value))
        let meanPositive = SyntheticCohortWeeks.mean(positive), meanNegative = SyntheticCohortWeeks.mean(negative)
        print("std_day_minus_night: sleep_apnea positives \(positive.count) mean \(meanPositive) bpm, "
            + "negatives \(negative.count) mean \(meanNegative) bpm; point-biserial r \(pointBiserial); r with AHI \(ahi)")
        // First-generation Apple Watches spend most nights on the charger: some of their weeks keep
        // too little night to judge (13 of 200 weeks here), the others one or two nights.
        #expect(values.count >= 175)
        #expect(meanPositive < meanNegative)
        #expect(pointBiserial < 0)
        #expect(ahi < 0)
    }

    /// Plausible values that follow the simulator's awake resting heart rate.
    @Test func restingHeartRateIsPlausibleAndFollowsTheSimulatedTrait() {
        let values = Self.values(.restingHeartRate)
        let inRange = values.filter { (45...80).contains($0.value) }.count
        let traits = values.map(\.record.user.traits.restingHeartRate)
        let r = SyntheticCohortWeeks.pearson(traits, values.map(\.value))
        let offset = SyntheticCohortWeeks.mean(zip(values, traits).map { $0.0.value - $0.1 })
        let sorted = values.map(\.value).sorted()
        print("resting_hr: \(inRange) of \(values.count) weeks in 45–80 bpm; min \(sorted.first ?? 0), "
            + "median \(sorted[sorted.count / 2]), max \(sorted.last ?? 0); r with the trait \(r); mean value − trait \(offset) bpm")
        #expect(values.count >= 190)
        #expect(Double(inRange) >= 0.9 * Double(values.count))
        #expect(r > 0.8)
    }

    /// An illness episode lifts heart rate for 2–3 days, so ill weeks have the wider range of daily
    /// resting heart rate.
    @Test func illnessWidensTheRestingHeartRateRange() {
        let values = Self.values(.restingHeartRateRange)
        let ill = values.filter { $0.record.weekLabels["illness"] == 1 }.map(\.value)
        let healthy = values.filter { $0.record.weekLabels["illness"] == 0 }.map(\.value)
        let labels = values.map { $0.record.weekLabels["illness"] ?? 0 }
        let pointBiserial = SyntheticCohortWeeks.pearson(labels, values.map(\.value))
        print("resting_hr_range: illness weeks \(ill.count) mean \(SyntheticCohortWeeks.mean(ill)) bpm, "
            + "others \(healthy.count) mean \(SyntheticCohortWeeks.mean(healthy)) bpm; point-biserial r \(pointBiserial)")
        #expect(values.count >= 180)
        #expect(ill.count >= 20)
        #expect(SyntheticCohortWeeks.mean(ill) > SyntheticCohortWeeks.mean(healthy) + 4)
        #expect(pointBiserial > 0.5)
    }

    /// Recovery is exponential with time constant τ, which grows with the diabetes latent; diabetes
    /// positives recover more slowly. An illness episode raises heart rate above the week's resting rate
    /// for days, so recoveries during one take longer whatever τ is: the correlation with τ is checked on
    /// the weeks without one.
    @Test func heartRateRecoveryFollowsTheRecoveryTimeConstant() {
        let withWorkouts = SyntheticCohortWeeks.demo.filter { $0.week.contextMasks["workout"]?.contains(true) == true }
        let values = Self.values(.heartRateRecovery)
        let (positive, negative) = Self.labelSplit(values, "diabetes")
        let healthy = values.filter { $0.record.weekLabels["illness"] == 0 }
        let r = SyntheticCohortWeeks.pearson(values.map(\.record.user.traits.recoveryTimeConstant), values.map(\.value))
        let rHealthy = SyntheticCohortWeeks.pearson(healthy.map(\.record.user.traits.recoveryTimeConstant), healthy.map(\.value))
        let meanPositive = SyntheticCohortWeeks.mean(positive), meanNegative = SyntheticCohortWeeks.mean(negative)
        print("hr_recovery: \(values.count) of \(withWorkouts.count) weeks with a workout have a value; diabetes positives "
            + "\(positive.count) mean \(meanPositive) min, negatives \(negative.count) mean \(meanNegative) min; r with τ \(r), "
            + "\(rHealthy) over the \(healthy.count) weeks without illness")
        #expect(Double(values.count) >= 0.8 * Double(withWorkouts.count))
        #expect(healthy.count >= values.count / 2)
        #expect(meanPositive > meanNegative)
        #expect(rHealthy > 0.5)
    }
}
