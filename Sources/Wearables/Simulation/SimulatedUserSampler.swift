import Foundation

/// Draws one wearer's metadata, hidden physiology and labels from that wearer's own random stream.
///
/// The draws happen in a fixed order (metadata, BMI, fitness, latents, habits, labels); changing the
/// order or adding a draw changes every simulated user, so append new draws at the end. The formulas are
/// listed in the documentation of `CohortSimulator`.
enum SimulatedUserSampler {
    /// UTC offsets in hours and the share of users in each: US Pacific, US Eastern, UK, central and
    /// eastern Europe.
    static let utcOffsets: [(hours: Int, share: Double)] = [
        (-8, 0.15), (-5, 0.30), (0, 0.15), (1, 0.25), (2, 0.15),
    ]

    static func sample(index: Int, using generator: inout SeededRandomNumberGenerator) -> SimulatedUser {
        let age = generator.integer(in: 20...80)
        let isMale = generator.bernoulli(0.5)
        let offsetHours = utcOffsets[generator.index(weightedBy: utcOffsets.map(\.share))].hours
        let device = SimulatedDeviceCatalog.sample(using: &generator)

        let decades = Double(age - 50) / 10
        let male: Double = isMale ? 1 : 0
        let bodyMassIndex = clamp(
            26 + 0.5 * decades + 0.5 * male + generator.normal(standardDeviation: 4), to: 17...45)
        let bmiScore = (bodyMassIndex - 26) / 4
        let fitness = generator.normal() - 0.3 * bmiScore - 0.2 * decades

        let apneaLogScale =
            1.4 + 0.15 * decades + 0.25 * male + 0.35 * bmiScore + generator.normal(standardDeviation: 0.8)
        let apneaSeverity = max(0, exp(apneaLogScale) - 3)
        let glycemicBurden = 0.30 * decades + 0.40 * bmiScore + generator.normal()
        let recoveryTimeConstant = 4 + 10 * OutcomeLabelModel.logistic(3 * (glycemicBurden - 1.2))
        let systolicBloodPressure =
            122 + 5 * decades + 4 * male + 3 * bmiScore + generator.normal(standardDeviation: 11)
        let hypertensionOffset = 8 * OutcomeLabelModel.logistic((systolicBloodPressure - 130) / 4)
        let restingHeartRate = clamp(
            67 - 2.5 * male - 4 * fitness + bmiScore + hypertensionOffset
                + generator.normal(standardDeviation: 4),
            to: 44...100)

        let sleepHeartRateDrop = generator.uniform(6...12)
        let circadianAmplitude = generator.uniform(2...5)
        let circadianPeakHour = generator.normal(mean: 16, standardDeviation: 1.5)
        let habitualSleepOnsetHour = generator.uniform(22.5...24.5)
        let habitualSleepDuration = generator.uniform(6.5...8)
        let dailyStepTarget = clamp(
            7_000 + 2_200 * fitness + generator.normal(standardDeviation: 1_000), to: 1_500...16_000)

        let traits = PhysiologyTraits(
            bodyMassIndex: bodyMassIndex, fitness: fitness, restingHeartRate: restingHeartRate,
            sleepHeartRateDrop: sleepHeartRateDrop, circadianAmplitude: circadianAmplitude,
            circadianPeakHour: circadianPeakHour, apneaSeverity: apneaSeverity,
            glycemicBurden: glycemicBurden, recoveryTimeConstant: recoveryTimeConstant,
            systolicBloodPressure: systolicBloodPressure, hypertensionHeartRateOffset: hypertensionOffset,
            habitualSleepOnsetHour: habitualSleepOnsetHour, habitualSleepDuration: habitualSleepDuration,
            dailyStepTarget: dailyStepTarget, workoutsPerWeek: clamp(1.5 + fitness, to: 0.2...4.5))
        let profile = UserProfile(
            externalID: externalID(ofIndex: index),
            birthYear: CohortSimulator.referenceYear - age,
            sex: isMale ? .male : .female,
            device: device,
            source: .simulated,
            labels: OutcomeLabelModel.drawLabels(traits: traits, age: age, isMale: isMale, using: &generator))
        return SimulatedUser(
            index: index, profile: profile, traits: traits, utcOffsetSeconds: offsetHours * 3600)
    }

    /// `demo-0001` for index 0, `demo-0400` for index 399; five digits from index 9999 on.
    static func externalID(ofIndex index: Int) -> String {
        let number = String(index + 1)
        return "demo-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }

    private static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        min(range.upperBound, max(range.lowerBound, value))
    }
}
