import NeuralEngine

/// An ONNX node as an engine operator: the operator, and which of the node's inputs it reads at run
/// time (by position in the node's input list; nil for an absent optional input). Inputs the operator
/// does not list were consumed at import (a Reshape's target shape, a Slice's bounds).
struct LoweredNode {
    var op: any Operator
    var inputs: [Int?]
    /// How folding converts the outputs back when every input is a constant.
    var foldedType: FoldedType = .followInputs

    enum FoldedType {
        /// Integer if every data input is an integer, bool if every one is a bool, else float.
        case followInputs
        case bool
        case integer
        case float
    }

    init(_ op: any Operator, inputs: [Int?], foldedType: FoldedType = .followInputs) {
        self.op = op
        self.inputs = inputs
        self.foldedType = foldedType
    }
}
