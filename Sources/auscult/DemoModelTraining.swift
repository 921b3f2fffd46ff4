import Foundation
import Inspection
import NeuralEngine

/// Trains one demo model and fills in its card.
enum DemoModelTraining {
    struct Outcome {
        var graph: Graph
        var card: ModelCard
    }

    static func train(_ spec: DemoModelSpec, train: [TrainingExample], tuning: [TrainingExample]) throws -> Outcome {
        let started = Date()
        var progress = TerminalProgress(title: spec.name, total: spec.schedule.steps)
        let trainer = Trainer(schedule: spec.schedule, seed: spec.seed)
        let result = try trainer.train(spec.architecture.makeGraph(seed: spec.seed), on: train) { done, _, loss in
            progress.update(done: done, detail: String(format: "loss %.4f", loss))
        }
        let scores = try Trainer.scores(of: result.graph, on: tuning)
        let auroc = BinaryClassificationMetrics.auroc(scores: scores, labels: tuning.map(\.target))
        var card = ModelCard(name: spec.name, description: spec.description, architecture: spec.architecture,
                             label: spec.label, plantedFailure: spec.plantedFailure)
        let tail = result.lossCurve.suffix(10)
        card.training = ModelCard.Training(
            schedule: spec.schedule, scheduleSummary: spec.schedule.summary, seed: spec.seed, trainWeeks: train.count,
            finalTrainLoss: tail.reduce(0, +) / Float(max(1, tail.count)), lossCurve: result.lossCurve,
            seconds: Date().timeIntervalSince(started))
        let horizon = try tuning.first.map { try MemoryHorizon.measure(graph: result.graph, example: $0) }
        card.evaluation = ModelCard.Evaluation(
            split: "tuning", weeks: tuning.count, auroc: auroc, horizonLeftBins: horizon?.leftLag, horizonRightBins: horizon?.rightLag,
            horizonPeak: horizon?.peak)
        return Outcome(graph: result.graph, card: card)
    }
}
