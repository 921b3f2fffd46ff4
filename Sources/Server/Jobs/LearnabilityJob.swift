import Foundation
import Inspection
import NeuralEngine
import ONNXFormat
import Store
import Wearables

/// Can the model's architecture learn a synthetic target? Trains a freshly initialised copy on it and,
/// with `pretrain`, fine-tunes that copy on the real label beside a copy trained on the label from scratch
/// with the same schedule; every trained model is stored as ONNX with its card.
///
/// A cancelled run stops after its current training step: the weights it had reached are stored as a
/// checkpoint model (`…-checkpoint`, downloadable as ONNX like the others) and it throws `JobStopped`
/// carrying the learning curve of the epochs it completed and the checkpoint's id, which the failed job's
/// reason keeps. It does not resume.
enum LearnabilityJob {
    struct Plan: Sendable {
        var model: LoadedModel
        var card: ModelCard
        var task: SyntheticTask
        var epochs: Int
        var pretrainLabel: String?
        var seed: UInt64
    }

    struct StoredModel: Encodable, Sendable {
        var id: Int64
        var name: String
        var version: Int
        var role: String
        var onnx: String
    }

    struct Pretraining: Encodable, Sendable {
        var label: String
        var tuningWeeks: Int
        var pretrained: BinaryMetrics
        var fromScratch: BinaryMetrics
        /// Pretrained minus from-scratch tuning AUROC.
        var aurocGain: Double?
    }

    struct Report: Encodable, Sendable {
        var task: String
        var unit: String
        var architecture: String
        var trainWeeks: Int
        var tuningWeeks: Int
        var targetMean: Double
        var targetStd: Double
        var epochs: [LearnabilityRun.Epoch]
        var pretraining: Pretraining?
        var models: [StoredModel]
    }

    static func run(_ plan: Plan, services: InspectionServices, progress: JobProgress) async throws -> String {
        let train = try await examples(split: .train, task: plan.task, services: services)
        let tuning = try await examples(split: .tuning, task: plan.task, services: services)
        var labelled: (train: [TrainingExample], tuning: [TrainingExample])?
        if let label = plan.pretrainLabel {
            labelled = (try await LabelledWeeks.examples(in: services.database, split: .train, label: label),
                        try await LabelledWeeks.examples(in: services.database, split: .tuning, label: label))
        }
        let totalEpochs = plan.epochs * (labelled == nil ? 1 : 3)
        await progress.update(done: 0, total: totalEpochs)
        let architecture = plan.card.architecture
        let base = plan.model.summary.name
        var syntheticCard = ModelCard(
            name: "\(base)-synthetic-\(plan.task.rawValue)", description: "\(base)'s architecture trained on the synthetic target \(plan.task.rawValue)",
            architecture: architecture, label: plan.task.rawValue, plantedFailure: nil)
        syntheticCard.task = ModelCard.Task(label: plan.task.rawValue, kind: "regression")
        let run = try await training(services) { [syntheticCard] cancellation in
            try LearnabilityRun(epochs: plan.epochs, seed: plan.seed).run(
                architecture.makeGraph(seed: plan.seed), train: train, tuning: tuning,
                epochCompleted: { epoch in Task { await progress.update(done: epoch.epoch, total: totalEpochs) } },
                stepCompleted: { curve, graph in
                    if cancellation.isCancelled, curve.count < plan.epochs {
                        throw StoppedTraining(graph: graph, card: syntheticCard, progress: checkpoint(curve, of: plan.epochs))
                    }
                })
        }
        var models: [StoredModel] = []
        models.append(try await store(run.graph, card: syntheticCard, role: "synthetic", services: services))

        var pretraining: Pretraining?
        if let label = plan.pretrainLabel, let labelled {
            let stepsPerEpoch = labelled.train.count / 8
            guard stepsPerEpoch > 0, !labelled.tuning.isEmpty else {
                throw EngineError("fine-tuning on '\(label)' needs at least 8 train weeks and one tuning week with the label")
            }
            let schedule = TrainingSchedule(steps: plan.epochs * stepsPerEpoch, batchSize: 8, baseLearningRate: 3e-3, warmupSteps: stepsPerEpoch)
            let trainer = Trainer(schedule: schedule, seed: plan.seed)
            let synthetic = checkpoint(run.epochs, of: plan.epochs)
            let cards = (pretrained: fineTunedCard(base: base, role: "pretrained", task: plan.task, label: label, architecture: architecture),
                         scratch: fineTunedCard(base: base, role: "scratch", task: plan.task, label: label, architecture: architecture))
            let (pretrained, scratch) = try await training(services) { cancellation in
                let pretrained = try trainer.train(run.graph, on: labelled.train, progress: { step, _, _ in
                    if step % stepsPerEpoch == 0 { Task { await progress.update(done: plan.epochs + step / stepsPerEpoch, total: totalEpochs) } }
                }, afterStep: { step, graph in
                    if cancellation.isCancelled {
                        throw StoppedTraining(graph: graph, card: cards.pretrained,
                                              progress: "\(synthetic) on the synthetic target, then \(step) fine-tuning steps on \(label)")
                    }
                }).graph
                let scratch = try trainer.train(architecture.makeGraph(seed: plan.seed), on: labelled.train, progress: { step, _, _ in
                    if step % stepsPerEpoch == 0 { Task { await progress.update(done: 2 * plan.epochs + step / stepsPerEpoch, total: totalEpochs) } }
                }, afterStep: { step, graph in
                    if cancellation.isCancelled {
                        throw StoppedTraining(graph: graph, card: cards.scratch,
                                              progress: "\(synthetic) on the synthetic target, fine-tuning done, then \(step) steps from scratch on \(label)")
                    }
                }).graph
                return (pretrained, scratch)
            }
            let labels = labelled.tuning.map { Double($0.target) }
            let clusters = labelled.tuning.allSatisfy { $0.cluster != nil } ? labelled.tuning.map { $0.cluster! } : nil
            func metrics(_ graph: Graph) throws -> BinaryMetrics {
                BinaryMetrics.compute(
                    predictions: try Trainer.scores(of: graph, on: labelled.tuning).map(Double.init), labels: labels, clusters: clusters)
            }
            let (pretrainedMetrics, scratchMetrics) = (try metrics(pretrained), try metrics(scratch))
            pretraining = Pretraining(
                label: label, tuningWeeks: labelled.tuning.count, pretrained: pretrainedMetrics, fromScratch: scratchMetrics,
                aurocGain: pretrainedMetrics.auroc.flatMap { a in scratchMetrics.auroc.map { a - $0 } })
            models.append(try await store(pretrained, card: cards.pretrained, role: "pretrained", services: services))
            models.append(try await store(scratch, card: cards.scratch, role: "scratch", services: services))
        }
        await progress.update(done: totalEpochs, total: totalEpochs)
        let report = Report(
            task: plan.task.rawValue, unit: plan.task.unit, architecture: architecture.summary, trainWeeks: train.count, tuningWeeks: tuning.count,
            targetMean: run.scaling.mean, targetStd: run.scaling.std, epochs: run.epochs, pretraining: pretraining, models: models)
        return String(decoding: try SnakeCaseJSON(report).data(), as: UTF8.self)
    }

    /// The card of `base`'s architecture fine-tuned on `label` after `task` (`role` "pretrained") or
    /// trained on `label` from scratch (`role` "scratch").
    static func fineTunedCard(base: String, role: String, task: SyntheticTask, label: String, architecture: SequenceArchitecture) -> ModelCard {
        ModelCard(
            name: "\(base)-\(role)-\(label)",
            description: role == "pretrained"
                ? "\(base)'s architecture pre-trained on \(task.rawValue), then fine-tuned on \(label)"
                : "\(base)'s architecture trained on \(label) from scratch with the same schedule",
            architecture: architecture, label: label, plantedFailure: nil)
    }

    /// Thrown inside a training loop that noticed its job was cancelled, with the weights it had reached.
    private struct StoppedTraining: Error {
        var graph: Graph
        /// The card of the model the run would have stored.
        var card: ModelCard
        /// What the run had done, as `checkpoint(_:of:)` words it.
        var progress: String
    }

    /// Runs a training loop on the background lane. When the loop stops for a shutdown, stores the weights
    /// it had reached as `<name>-checkpoint` and throws `JobStopped` naming it (or only the progress,
    /// should the store fail: the shutdown must go on).
    private static func training<T: Sendable>(
        _ services: InspectionServices, _ loop: @escaping @Sendable (CancellationFlag) throws -> T
    ) async throws -> T {
        do {
            return try await services.lanes.run(.background, cancellable: loop)
        } catch let stop as StoppedTraining {
            var card = stop.card
            card.name += "-checkpoint"
            card.description += "; stopped by a server shutdown \(stop.progress), and stored as it was then"
            // The job's task is cancelled, and GRDB's async methods refuse to run in a cancelled task.
            let stored = try? await Task.detached { [card] in try await store(stop.graph, card: card, role: "checkpoint", services: services) }.value
            throw JobStopped(progress: stop.progress + (stored.map {
                "; the weights it had reached are stored as model \($0.id) (\($0.name) v\($0.version), \($0.onnx))"
            } ?? ""))
        }
    }

    /// The learning curve of the completed epochs, as a stopped job's reason keeps it: "after 3 of 10
    /// epochs (train loss by epoch 0.981, 0.912, 0.874; tuning R² by epoch -0.0512, 0.0310, 0.0722)".
    static func checkpoint(_ curve: [LearnabilityRun.Epoch], of epochs: Int) -> String {
        func numbers(_ values: [Double?]) -> String {
            values.map { $0.map { String(format: "%.3g", $0) } ?? "n/a" }.joined(separator: ", ")
        }
        guard !curve.isEmpty else { return "before its first epoch ended" }
        return "after \(curve.count) of \(epochs) epochs (train loss by epoch \(numbers(curve.map(\.trainLoss))); "
            + "tuning R² by epoch \(numbers(curve.map(\.tuningR2))))"
    }

    /// The weeks of a split that have a value of the target, with it as their training target.
    static func examples(split: CohortSplit, task: SyntheticTask, services: InspectionServices) async throws -> [TrainingExample] {
        var examples: [TrainingExample] = []
        for id in try await services.weekIDs(split: split) {
            let (stored, encoded) = try await services.encodedWeek(id: id)
            guard let value = SyntheticTargets.value(task, week: SyntheticController.syntheticWeek(stored)).value else { continue }
            examples.append(TrainingExample(series: encoded.series, metadata: encoded.metadata, target: Float(value)))
        }
        return examples
    }

    static func store(_ graph: Graph, card: ModelCard, role: String, services: InspectionServices) async throws -> StoredModel {
        let bytes = try ONNXExporter.serializedBytes(ONNXExporter.export(graph, opset: 17, modelName: card.name, docString: card.description))
        let version = try await services.database.nextModelVersion(name: card.name)
        let record = try await services.database.insertModelAsync(name: card.name, version: version, onnx: bytes, card: try card.jsonText())
        return StoredModel(id: record.id!, name: record.name, version: record.version, role: role, onnx: "/api/v1/models/\(record.id!)/onnx")
    }
}
