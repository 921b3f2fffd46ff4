import Foundation
import Inspection
import NeuralEngine
import Store
import Wearables

/// Runs a model over every week of a split in batches on the background lane, handing each week's
/// inspectable tensors to `visit`, and reporting progress per batch. A cancelled scan stops before its
/// next batch (`JobStopped`).
enum SplitScan {
    static let batchSize = 8

    /// One week's unit × time matrices by tensor name, with the week's context masks.
    struct WeekTensors: Sendable {
        var weekID: Int64
        var matrices: [String: UnitTimeMatrix]
        var contextMasks: [String: [Bool]]
    }

    /// `progressBase` weeks count as done before this scan and `progressTotal` (default: these weeks) is
    /// the total reported, for jobs that scan several splits.
    static func run(
        services: InspectionServices, model: LoadedModel, weekIDs: [Int64], tensors: [ModelBinding.TimeTensor], progress: JobProgress,
        progressBase: Int = 0, progressTotal: Int? = nil, visit: (WeekTensors) throws -> Void
    ) async throws {
        let layouts = Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.layout) })
        let total = progressTotal ?? weekIDs.count
        var done = progressBase
        await progress.update(done: done, total: total)
        let batchSize = model.batchSize(upTo: batchSize)
        for start in stride(from: 0, to: weekIDs.count, by: batchSize) {
            if Task.isCancelled { throw JobStopped(progress: "after \(done) of \(total) weeks") }
            let weeks = try await services.encodedWeeks(ids: Array(weekIDs[start..<min(weekIDs.count, start + batchSize)]))
            let graph = try await services.registry.graph(for: model, batch: weeks.count)
            let batch = try await services.lanes.run(.background) { () -> [WeekTensors] in
                let values = try GraphExecutor(graph: graph).infer(model.binding.feeds(weeks))
                return try weeks.enumerated().map { row, week in
                    WeekTensors(
                        weekID: week.weekID, matrices: try UnitTimeMatrix.week(of: values, batchRow: row, layouts: layouts),
                        contextMasks: week.contextMasks)
                }
            }
            for week in batch { try visit(week) }
            done += weeks.count
            await progress.update(done: done, total: total)
        }
    }
}
