import Inspection
import Wearables

/// A small simulated cohort encoded like `auscult demo` encodes the stored one (see `DemoDataset`).
enum DemoCohortExamples {
    static func examples(userCount: Int, label: String, seed: UInt64 = 20_261_130) -> (train: [TrainingExample], tuning: [TrainingExample]) {
        let simulator = CohortSimulator(seed: seed, userCount: userCount, weeksPerUser: 1)
        var train: [TrainingExample] = []
        var tuning: [TrainingExample] = []
        for user in simulator.users {
            guard let target = user.profile.labels[label] else { continue }
            for week in simulator.weeks(of: user) {
                let example = TrainingExample(
                    series: SequenceInputEncoding.series(heartRate: week.heartRate, steps: week.steps, observed: week.observed),
                    metadata: SequenceInputEncoding.metadata(
                        ageYears: user.profile.birthYear.map { week.start.year - $0 }, isMale: user.profile.sex == .male,
                        firstGenerationWatch: user.profile.device.family == .appleWatch && user.profile.device.generation == 1,
                        utcOffsetSeconds: week.utcOffsetSeconds),
                    target: Float(target))
                switch user.profile.split {
                case .train: train.append(example)
                case .tuning: tuning.append(example)
                case .test: break
                }
            }
        }
        return (train, tuning)
    }
}
