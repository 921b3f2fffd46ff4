import NeuralEngine
import Testing

@testable import Inspection

struct TrainerTests {
    /// A tiny model and cohort: the determinism check needs only a few steps.
    static let tinyArchitecture = SequenceArchitecture(
        activation: .relu, channels: 2, firstKernel: 16, firstStride: 16, recurrence: .bidirectional, hiddenSize: 2)

    @Test func sameSeedGivesTheSameLossCurveAndParameters() throws {
        let (train, _) = DemoCohortExamples.examples(userCount: 12, label: "sleep_apnea")
        let schedule = TrainingSchedule(steps: 4, batchSize: 2, baseLearningRate: 1e-2, warmupSteps: 1,
                                        spike: .init(startStep: 2, length: 1, learningRate: 0.1))
        func run() throws -> Trainer.Result {
            try Trainer(schedule: schedule, seed: 3).train(Self.tinyArchitecture.makeGraph(seed: 3), on: train)
        }
        let first = try run(), second = try run()
        #expect(first.lossCurve.count == 4)
        #expect(first.lossCurve == second.lossCurve, "loss curves \(first.lossCurve) vs \(second.lossCurve)")
        #expect(first.graph.parameters == second.graph.parameters)
        let other = try Trainer(schedule: schedule, seed: 4).train(Self.tinyArchitecture.makeGraph(seed: 4), on: train)
        #expect(other.lossCurve != first.lossCurve, "another seed should give another run")
    }

    @Test func scheduleWarmsUpSpikesAndDecays() {
        let schedule = TrainingSchedule(steps: 20, batchSize: 1, baseLearningRate: 1e-3, warmupSteps: 4, decaySteps: 5,
                                        spike: .init(startStep: 8, length: 2, learningRate: 0.5))
        #expect(schedule.learningRate(atStep: 0) == 2.5e-4)
        #expect(schedule.learningRate(atStep: 5) == 1e-3)
        #expect(schedule.learningRate(atStep: 8) == 0.5 && schedule.learningRate(atStep: 9) == 0.5)
        #expect(schedule.learningRate(atStep: 10) == 1e-3)
        #expect(abs(schedule.learningRate(atStep: 19) - 1e-4) < 1e-9)
    }

    @Test func graphsHaveTheDeclaredInputsAndOutputShapes() throws {
        let example = DemoCohortExamples.examples(userCount: 4, label: "diabetes").train.first!
        for architecture in [DemoModelCatalog.deepHeart(.relu), DemoModelCatalog.shortMemory, DemoModelCatalog.longMemory] {
            let execution = try GraphExecutor(graph: architecture.makeGraph(seed: 1)).run(TrainingExample.feeds([example, example]))
            #expect(execution.values["per_step"]!.shape == [2, architecture.outputSteps, 1])
            #expect(execution.values["pooled"]!.shape == [2, 1])
        }
    }

    @Test func memoryHorizonIsTheFarthestLagAboveTheThreshold() {
        var magnitudes = [Float](repeating: 0, count: 100)
        magnitudes[50] = 1
        magnitudes[40] = 2e-3
        magnitudes[45] = 5e-4
        magnitudes[53] = 1e-3
        let horizon = MemoryHorizon(magnitudes: magnitudes, centreBin: 50)
        #expect(horizon.leftLag == 10 && horizon.rightLag == 3 && horizon.lag == 10)
        let flat = MemoryHorizon(magnitudes: [Float](repeating: 0, count: 100), centreBin: 50)
        #expect(flat.peak == 0 && flat.leftLag == 0 && flat.rightLag == 0)
    }

    @Test func aurocCountsTiesAsHalf() {
        #expect(BinaryClassificationMetrics.auroc(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1]) == 0.75)
        #expect(BinaryClassificationMetrics.auroc(scores: [0.5, 0.5], labels: [0, 1]) == 0.5)
        #expect(BinaryClassificationMetrics.auroc(scores: [0.5], labels: [1]) == nil)
    }

    @Test func modelCardRoundTripsThroughJSON() throws {
        let spec = DemoModelCatalog.all(.test)[0]
        let card = ModelCard(name: spec.name, description: spec.description, architecture: spec.architecture,
                             label: spec.label, plantedFailure: spec.plantedFailure)
        let text = try card.jsonText()
        #expect(text.contains("\"per_step\"") && text.contains("\"planted_failure\""))
        #expect(try ModelCard.decode(jsonText: text) == card)
    }
}
