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

    var id: Int64 { summary.id }

    /// Parses, binds and imports ONNX bytes with their card text, then runs the graph once on an empty
    /// week so that a model that cannot run is refused here and not at its first request.
    static func load(summary: StoredModelSummary, onnx: Data) throws -> LoadedModel {
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
        let (binding, imported) = try ModelBindingResolver.resolve(model: file, hints: hints)
        let feeds = binding.inputShapes(batch: 1).mapValues { Tensor(shape: $0) }
        do {
            _ = try GraphExecutor(graph: imported.graph).run(feeds)
        } catch {
            throw ModelBindingResolver.Failure(code: "cannot_run", message: "the model does not run on a week: \(error)")
        }
        return LoadedModel(summary: summary, file: file, hints: hints, binding: binding, imported: imported)
    }
}
