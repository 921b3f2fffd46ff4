import Foundation
import NeuralEngine
import ONNXFormat
import Store

/// A stored model ready to run: its ONNX file, card hints, binding to the week format, and its graph
/// imported for one week.
struct LoadedModel: Sendable {
    var summary: StoredModelSummary
    var file: ONNXModelFile
    var hints: ModelCardHints
    var binding: ModelBinding
    /// The graph and every tensor's shape for one week (batch 1).
    var imported: ImportedGraph
    /// Most float32 elements one forward pass may hold (see `batchSize(upTo:backward:)`).
    var forwardElementLimit: Int

    var id: Int64 { summary.id }

    /// Parses, binds and imports ONNX bytes with their card text, then runs the graph once on an empty
    /// week so that a model that cannot run is refused here and not at its first request. A model whose
    /// forward pass for one week would hold more than `forwardElementLimit` elements is refused before
    /// that run.
    static func load(
        summary: StoredModelSummary, onnx: Data, forwardElementLimit: Int = ONNXImporter.defaultForwardElementLimit
    ) throws -> LoadedModel {
        let file: ONNXModelFile
        do {
            file = try ONNXModelFile(serializedBytes: onnx)
        } catch {
            throw ModelBindingResolver.Failure(code: "invalid_model", message: "not an ONNX model: \(error)")
        }
        let hints: ModelCardHints
        do {
            hints = try ModelCardHints.decode(summary.card)
        } catch {
            throw ModelBindingResolver.Failure(code: "invalid_model_card", message: "the model card is not valid JSON of the expected shape: \(error)")
        }
        let (binding, imported) = try ModelBindingResolver.resolve(model: file, hints: hints, forwardElementLimit: forwardElementLimit)
        let feeds = binding.inputShapes(batch: 1).mapValues { Tensor(shape: $0) }
        do {
            _ = try GraphExecutor(graph: imported.graph).infer(feeds, keeping: Set(imported.graph.outputs))
        } catch {
            throw ModelBindingResolver.Failure(code: "cannot_run", message: "the model does not run on a week: \(error)")
        }
        return LoadedModel(
            summary: summary, file: file, hints: hints, binding: binding, imported: imported, forwardElementLimit: forwardElementLimit)
    }

    /// The most weeks, up to `wanted`, one pass may take under the forward limit (at least one): a
    /// forward pass holds `imported.forwardElementCount` elements per week, and a backward pass about as
    /// many again for the gradients.
    func batchSize(upTo wanted: Int, backward: Bool = false) -> Int {
        let perWeek = max(1, imported.forwardElementCount) * (backward ? 2 : 1)
        return max(1, min(wanted, forwardElementLimit / perWeek))
    }
}
