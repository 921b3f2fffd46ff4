import Foundation
import Inspection
import NeuralEngine
import Store
import Wearables

/// Runs a model over every week of a split in batches, storing each prediction (and, with the
/// ablation, the prediction with the series replaced by the train split's mean week), then the metrics.
/// A cancelled evaluation stops before its next batch (`JobStopped`).
enum EvaluationJob {
    static let batchSize = 16

    struct Plan: Sendable {
        var model: LoadedModel
        var evaluation: EvaluationRecord
        var split: CohortSplit
        var ablation: Bool
    }

    static func run(_ plan: Plan, services: InspectionServices, progress: JobProgress) async throws -> String {
        let evaluationID = plan.evaluation.id!
        let labels = Dictionary(
            uniqueKeysWithValues: try await services.database.labelledWeeks(split: plan.split, label: plan.evaluation.label).map { ($0.week.weekID, $0.label) })
        let weekIDs = try await services.weekIDs(split: plan.split)
        let baseline = plan.ablation ? try await services.meanWeek(split: .train) : nil
        let pooled = plan.model.binding.pooled!
        await progress.update(done: 0, total: weekIDs.count)
        var done = 0
        let batchSize = plan.model.batchSize(upTo: batchSize)
        for start in stride(from: 0, to: weekIDs.count, by: batchSize) {
            if Task.isCancelled { throw JobStopped(progress: "after \(done) of \(weekIDs.count) weeks") }
            let ids = Array(weekIDs[start..<min(weekIDs.count, start + batchSize)])
            let weeks = try await services.encodedWeeks(ids: ids)
            let graph = try await services.registry.graph(for: plan.model, batch: weeks.count)
            let binding = plan.model.binding
            let (predictions, ablated) = try await services.lanes.run(.background) { () -> ([Float], [Float]?) in
                let executor = GraphExecutor(graph: graph)
                let real = try Self.firstColumn(executor.infer(binding.feeds(weeks), keeping: [pooled])[pooled]!)
                guard let baseline else { return (real, nil) }
                let substituted = weeks.map { EncodedWeek(weekID: $0.weekID, series: baseline.series, metadata: $0.metadata) }
                return (real, try Self.firstColumn(executor.infer(binding.feeds(substituted), keeping: [pooled])[pooled]!))
            }
            let records = ids.indices.map { index in
                PredictionRecord(
                    evaluationId: evaluationID, weekId: ids[index], prediction: Double(predictions[index]),
                    label: labels[ids[index]], ablatedPrediction: ablated.map { Double($0[index]) })
            }
            try await services.database.insertPredictions(records)
            done += ids.count
            await progress.update(done: done, total: weekIDs.count)
        }
        let metrics = EvaluationMetrics.compute(
            try await services.database.predictions(evaluationID: evaluationID), kind: plan.evaluation.taskKind ?? "binary")
        let text = String(decoding: try SnakeCaseJSON(metrics).data(), as: UTF8.self)
        try await services.database.setEvaluationMetrics(text, evaluationID: evaluationID)
        return #"{"evaluation_id":\#(evaluationID),"url":"/api/v1/evaluations/\#(evaluationID)"}"#
    }

    /// Column 0 of a `[N, k]` (or `[N]`) output.
    static func firstColumn(_ tensor: Tensor) -> [Float] {
        let rows = tensor.shape.first ?? 0
        let width = rows > 0 ? tensor.count / rows : 0
        return (0..<rows).map { tensor.values[$0 * width] }
    }
}
