import Inspection
import Wearables

/// One simulated week per user of the demo cohort, kept with the wearer's hidden traits so tests can
/// check synthetic targets against the generative model.
enum SyntheticCohortWeeks {
    struct Record: Sendable {
        var user: SimulatedUser
        var week: SyntheticWeek
        var metadata: [Float]
        var series: [Float]
        /// The week's own labels (`illness`).
        var weekLabels: [String: Double]

        var split: CohortSplit { user.profile.split }

        /// The encoded week with `target`.
        func example(target: Float) -> TrainingExample {
            TrainingExample(series: series, metadata: metadata, target: target)
        }
    }

    /// The 200-user cohort shared by the synthetic-target and learnability tests (simulated once).
    static let demo = records(userCount: 200)

    static func records(userCount: Int, seed: UInt64 = 20_261_130) -> [Record] {
        let simulator = CohortSimulator(seed: seed, userCount: userCount, weeksPerUser: 1)
        return simulator.users.flatMap { user in
            simulator.simulatedWeeks(of: user).map { simulated in
                let series = simulated.series
                return Record(
                    user: user,
                    week: SyntheticWeek(heartRate: series.heartRate, steps: series.steps, observed: series.observed,
                                        contextMasks: series.contextMasks),
                    metadata: SequenceInputEncoding.metadata(
                        ageYears: user.profile.birthYear.map { series.start.year - $0 }, isMale: user.profile.sex == .male,
                        firstGenerationWatch: user.profile.device.family == .appleWatch && user.profile.device.generation == 1,
                        utcOffsetSeconds: series.utcOffsetSeconds),
                    series: SequenceInputEncoding.series(heartRate: series.heartRate, steps: series.steps, observed: series.observed),
                    weekLabels: simulated.labels)
            }
        }
    }

    /// Pearson correlation of two equally long samples (point-biserial when one is 0/1).
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }
}
