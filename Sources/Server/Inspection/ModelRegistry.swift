import Foundation
import NeuralEngine
import ONNXFormat
import Store

/// Loads stored models on first use and keeps the most recently used ones imported, with their
/// graphs for each batch size asked for.
///
/// Concurrent requests for a model that is loading share one load.
actor ModelRegistry {
    private let database: AppDatabase
    private let lanes: ComputeLanes
    private let capacity: Int
    private let forwardElementLimit: Int
    private var loading: [Int64: Task<LoadedModel, any Error>] = [:]
    private var graphs: [GraphKey: Task<Graph, any Error>] = [:]
    /// Model ids, least recently used first.
    private var recency: [Int64] = []

    private struct GraphKey: Hashable {
        var model: Int64
        var sha256: String
        var batch: Int
    }

    init(database: AppDatabase, lanes: ComputeLanes, capacity: Int = 8, forwardElementLimit: Int = ONNXImporter.defaultForwardElementLimit) {
        self.forwardElementLimit = forwardElementLimit
        self.database = database
        self.lanes = lanes
        self.capacity = capacity
    }

    /// The model with this id; `StoreError.modelNotFound` when there is none, `ModelBindingResolver.Failure`
    /// when it cannot run.
    func model(id: Int64) async throws -> LoadedModel {
        touch(id)
        if let task = loading[id] {
            return try await task.value
        }
        let database = database
        let lanes = lanes
        let limit = forwardElementLimit
        let task = Task {
            let record = try await database.model(id: id)
            let summary = StoredModelSummary(
                id: id, name: record.name, version: record.version, sha256: record.sha256, byteCount: record.onnx.count,
                card: record.card, createdAt: record.createdAt)
            return try await lanes.run { try LoadedModel.load(summary: summary, onnx: record.onnx, forwardElementLimit: limit) }
        }
        loading[id] = task
        do {
            return try await task.value
        } catch {
            loading[id] = nil
            throw error
        }
    }

    /// The model's graph for `batch` weeks at once (batch 1 is the one `LoadedModel` holds); callers
    /// choose `batch` with `LoadedModel.batchSize(upTo:backward:)`.
    func graph(for model: LoadedModel, batch: Int) async throws -> Graph {
        if batch == 1 { return model.imported.graph }
        let key = GraphKey(model: model.id, sha256: model.summary.sha256, batch: batch)
        if let task = graphs[key] {
            return try await task.value
        }
        let lanes = lanes
        let task = Task {
            try await lanes.run { try ModelBindingResolver.importGraph(model.file, binding: model.binding, batch: batch, forwardElementLimit: model.forwardElementLimit).graph }
        }
        graphs[key] = task
        return try await task.value
    }

    /// Drops a model (after it is deleted or replaced).
    func forget(id: Int64) {
        loading[id] = nil
        graphs = graphs.filter { $0.key.model != id }
        recency.removeAll { $0 == id }
    }

    private func touch(_ id: Int64) {
        recency.removeAll { $0 == id }
        recency.append(id)
        while recency.count > capacity {
            forget(id: recency[0])
        }
    }
}
