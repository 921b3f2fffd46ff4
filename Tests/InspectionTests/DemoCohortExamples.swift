import Inspection
import Wearables

/// A small simulated cohort encoded like `auscult demo` encodes the stored one (see `DemoDataset`).
enum DemoCohortExamples {
    /// One labelled week: the encoded example, its wearer's split, and the simulator's context masks
    /// (`asleep`, `workout`: one entry per input bin).
    struct LabelledWeek {
        var example: TrainingExample
        var split: CohortSplit
        var contextMasks: [String: [Bool]]
    }

    static func examples(userCount: Int, label: String, seed: UInt64 = 20_261_130) -> (train: [TrainingExample], tuning: [TrainingExample]) {
        let weeks = labelledWeeks(userCount: userCount, label: label, seed: seed)
        return (weeks.filter { $0.split == .train }.map(\.example), weeks.filter { $0.split == .tuning }.map(\.example))
    }

    /// The tuning weeks of `examples(userCount:label:seed:)`, in the same order, with their context masks.
    static func tuningWeeks(userCount: Int, label: String, seed: UInt64 = 20_261_130) -> [LabelledWeek] {
        labelledWeeks(userCount: userCount, label: label, seed: seed).filter { $0.split == .tuning }
    }

    /// Every week that has `label` (its own or its wearer's), in simulator order.
    static func labelledWeeks(userCount: Int, label: String, seed: UInt64) -> [LabelledWeek] {
        let simulator = CohortSimulator(seed: seed, userCount: userCount, weeksPerUser: 1)
        var weeks: [LabelledWeek] = []
        for user in simulator.users {
            for simulated in simulator.simulatedWeeks(of: user) {
                // The week's own label where it has one, else its wearer's, as `labelledWeeks` reads them.
                guard let target = simulated.labels[label] ?? user.profile.labels[label] else { continue }
                let week = simulated.series
                let example = TrainingExample(
                    series: SequenceInputEncoding.series(heartRate: week.heartRate, steps: week.steps, observed: week.observed),
                    metadata: SequenceInputEncoding.metadata(
                        ageYears: user.profile.birthYear.map { week.start.year - $0 }, isMale: user.profile.sex == .male,
                        firstGenerationWatch: user.profile.device.family == .appleWatch && user.profile.device.generation == 1,
                        utcOffsetSeconds: week.utcOffsetSeconds),
                    target: Float(target))
                weeks.append(LabelledWeek(example: example, split: user.profile.split, contextMasks: week.contextMasks))
            }
        }
        return weeks
    }
}
