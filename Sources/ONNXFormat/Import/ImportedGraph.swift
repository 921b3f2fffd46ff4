import NeuralEngine

/// An ONNX graph lowered to the engine for one set of input shapes.
public struct ImportedGraph: Sendable {
    /// The runnable graph; its parameters hold the model's float initializers (trainable) and the float
    /// constants that reach a run-time node.
    public var graph: Graph
    /// The shape of every tensor the graph holds or computes, by ONNX name.
    public var shapes: [String: [Int]]
    /// Names among `graph.parameters` that are constants of the ONNX graph, not trained initializers.
    public var constantNames: Set<String>
    /// Graph outputs that do not depend on the inputs, folded at import.
    public var foldedOutputs: [String: ONNXTensorValue]
    /// Every tensor folded at import (shape arithmetic, constants), by name.
    public var constants: [String: ONNXTensorValue]
    /// Float32 elements one forward pass holds at these input shapes: inputs, every run-time node's
    /// outputs, and what the nodes save for backward or use as scratch (parameters not included).
    public var forwardElementCount: Int
    /// Nodes lowered to run-time operators, by ONNX node name, with their operator type: what a user
    /// can inspect.
    public var runtimeNodes: [(name: String, opType: String, outputs: [String])] {
        graph.nodes.map { ($0.name, $0.op.opType, $0.outputs) }
    }
}
