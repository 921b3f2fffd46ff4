import Foundation
import Inspection
import NeuralEngine
import Store

/// A model as listings show it.
struct ModelSummaryResponse: Encodable, Sendable {
    struct Task: Encodable, Sendable {
        var label: String?
        var kind: String?
    }

    var id: Int64
    var name: String
    var version: Int
    var sha256: String
    var byteCount: Int
    var createdAt: Date
    var description: String?
    var task: Task?

    init(_ summary: StoredModelSummary) {
        id = summary.id
        name = summary.name
        version = summary.version
        sha256 = summary.sha256
        byteCount = summary.byteCount
        createdAt = summary.createdAt
        let hints = try? ModelCardHints.decode(summary.card)
        description = hints?.description
        task = hints?.task.map { Task(label: $0.label, kind: $0.kind) }
    }
}

/// One model: its summary, how it binds to a week, and its graph for one 4,096-bin week.
struct ModelDetailResponse: Encodable, Sendable {
    struct NamedShape: Encodable, Sendable {
        var name: String
        var shape: [Int]
    }

    struct Node: Encodable, Sendable {
        var name: String
        var opType: String
        var inputs: [String]
        var outputs: [NamedShape]
        /// Trained parameter values the node reads (constants excluded).
        var parameterCount: Int
    }

    var model: ModelSummaryResponse
    var binding: ModelBinding
    var inputs: [NamedShape]
    var outputs: [NamedShape]
    var nodes: [Node]
    var parameterCount: Int
    var inspectableTensors: [ModelBinding.TimeTensor]
    var links: [String: String]

    init(_ loaded: LoadedModel) {
        model = ModelSummaryResponse(loaded.summary)
        binding = loaded.binding
        let imported = loaded.imported
        let graph = imported.graph
        inputs = graph.inputs.map { NamedShape(name: $0.name, shape: $0.shape) }
        outputs = graph.outputs.map { NamedShape(name: $0, shape: imported.shapes[$0] ?? []) }
        let trained = graph.parameters.filter { !imported.constantNames.contains($0.key) }
        nodes = graph.nodes.map { node in
            Node(
                name: node.name, opType: node.op.opType, inputs: node.inputs,
                outputs: node.outputs.filter { !$0.isEmpty }.map { NamedShape(name: $0, shape: imported.shapes[$0] ?? []) },
                parameterCount: Set(node.inputs).reduce(0) { $0 + (trained[$1]?.count ?? 0) })
        }
        parameterCount = trained.values.reduce(0) { $0 + $1.count }
        inspectableTensors = loaded.binding.inspectable
        let base = "/api/v1/models/\(loaded.id)"
        links = [
            "card": "\(base)/card", "onnx": "\(base)/onnx",
            "activations": "\(base)/weeks/{week}/activations", "gradients": "\(base)/weeks/{week}/gradients",
            "units": "\(base)/diagnostics/units", "semantics": "\(base)/diagnostics/semantics",
        ]
    }
}
