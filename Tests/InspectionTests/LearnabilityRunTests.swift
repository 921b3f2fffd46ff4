import NeuralEngine
import Testing

@testable import Inspection

/// Can Auscult's long-memory architecture learn std(day) − std(night) from its own inputs? A fresh copy
/// trained with MSE on the 200-user demo cohort (one week each) must beat the train-mean baseline on
/// tuning weeks.
struct LearnabilityRunTests {
    static func examples(_ task: SyntheticTask) -> (train: [TrainingExample], tuning: [TrainingExample]) {
        var train: [TrainingExample] = [], tuning: [TrainingExample] = []
        for record in SyntheticCohortWeeks.demo {
            guard let value = SyntheticTargets.value(task, week: record.week).value else { continue }
            switch record.split {
            case .train: train.append(record.example(target: Float(value)))
            case .tuning: tuning.append(record.example(target: Float(value)))
            case .test: continue
            }
        }
        return (train, tuning)
    }

    @Test func longMemoryLearnsStdDayMinusNightBeyondTheConstantBaseline() throws {
        let (train, tuning) = Self.examples(.stdDayMinusNight)
        let architecture = DemoModelCatalog.longMemory.makeGraph(seed: 1)
        let fresh = GraphReinitialiser.reinitialised(architecture, trainable: Set(architecture.parameters.keys), seed: 11)
        let run = LearnabilityRun(epochs: 8, batchSize: 8, learningRate: 3e-3, seed: 11)
        var reported: [Int] = []
        let result = try run.run(fresh, train: train, tuning: tuning) { epoch in
            reported.append(epoch.epoch)
            print("epoch \(epoch.epoch): train loss \(epoch.trainLoss), tuning MSE \(epoch.tuningMSE) bpm², "
                + "baseline \(epoch.baselineMSE) bpm², R² \(epoch.tuningR2 ?? .nan)")
        }
        print("std_day_minus_night on \(train.count) train / \(tuning.count) tuning weeks; "
            + "target mean \(result.scaling.mean) bpm, SD \(result.scaling.std) bpm")
        #expect(reported == Array(1...8))
        #expect(result.epochs.count == 8 && result.tuningPredictions.count == tuning.count)
        let last = try #require(result.epochs.last?.tuningR2)
        #expect(last > 0, "tuning R² \(last) does not beat the train-mean baseline")
        #expect(result.epochs.last!.trainLoss < result.epochs.first!.trainLoss)
    }

    @Test func aRunStopsAfterTheStepWhoseCallbackThrowsWithTheEpochsCompletedSoFar() throws {
        struct Stop: Error {}
        let (train, tuning) = Self.examples(.stdDayMinusNight)
        let run = LearnabilityRun(epochs: 4, batchSize: 8, seed: 3)
        var epochs: [Int] = []
        var seen: [Int] = []  // epochs completed, as each step's callback saw them
        #expect(throws: Stop.self) {
            _ = try run.run(
                TrainerTests.tinyArchitecture.makeGraph(seed: 3), train: Array(train.prefix(24)), tuning: Array(tuning.prefix(8)),
                epochCompleted: { epochs.append($0.epoch) },
                stepCompleted: { curve, _ in
                    seen.append(curve.count)
                    if seen.count == 5 { throw Stop() }
                })
        }
        // Three steps an epoch: the third step's callback comes after the first epoch's.
        #expect(seen == [0, 0, 1, 1, 1] && epochs == [1])
    }

    @Test func targetScalingRoundTripsAndStandardisesTheTrainTargets() {
        let scaling = TargetScaling(fitting: [2, 4, 4, 4, 5, 5, 7, 9])
        #expect(scaling.mean == 5 && scaling.std == 2)
        #expect(scaling.standardise(9) == 2 && scaling.unstandardise(-1.5) == 2)
        #expect(TargetScaling(fitting: [3, 3]).std == 1)
    }

    @Test func meanSquaredErrorObjectiveFitsThePooledLogit() throws {
        let (train, _) = Self.examples(.stdDayMinusNight)
        let scaled = TargetScaling(fitting: train.map(\.target)).standardise(Array(train.prefix(8)))
        let schedule = TrainingSchedule(steps: 12, batchSize: 8, baseLearningRate: 1e-2)
        let result = try Trainer(schedule: schedule, seed: 2, objective: .meanSquaredError)
            .train(TrainerTests.tinyArchitecture.makeGraph(seed: 2), on: scaled)
        print("MSE loss curve on 8 standardised weeks, one full batch a step: \(result.lossCurve)")
        #expect(result.lossCurve.last! < result.lossCurve.first!)
        #expect(Trainer(schedule: schedule, seed: 2).objective == .binaryCrossEntropy)
    }
}
