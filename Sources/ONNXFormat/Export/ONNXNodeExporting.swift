import NeuralEngine

/// An engine operator that can write itself as ONNX: the op type, its attributes, and the constant
/// inputs the importer had folded into the operator (a Reshape's target, a Slice's bounds).
///
/// `node` is the engine node with its input names in ONNX order ("" for an absent optional input); the
/// conformance adds one ONNX node (rarely a few, e.g. a comparison and the `Cast` back to float) to
/// `builder`, keeping the node's name and output names.
public protocol ONNXNodeExporting {
    func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError)
}

/// The operators whose ONNX form is their op type with their inputs as they stand, plus attributes
/// (none unless the operator lists them).
protocol ONNXPlainNode: ONNXNodeExporting, Operator {
    var onnxAttributes: [Onnx_AttributeProto] { get }
}

extension ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [] }

    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: onnxAttributes)
    }
}

extension Add: ONNXPlainNode {}
extension Sub: ONNXPlainNode {}
extension Mul: ONNXPlainNode {}
extension Div: ONNXPlainNode {}
extension Pow: ONNXPlainNode {}
extension Neg: ONNXPlainNode {}
extension Sqrt: ONNXPlainNode {}
extension Exp: ONNXPlainNode {}
extension Log: ONNXPlainNode {}
extension Relu: ONNXPlainNode {}
extension Sigmoid: ONNXPlainNode {}
extension Tanh: ONNXPlainNode {}
extension PRelu: ONNXPlainNode {}
extension MatMul: ONNXPlainNode {}
extension Identity: ONNXPlainNode {}
extension GlobalAveragePool: ONNXPlainNode {}
extension GlobalMaxPool: ONNXPlainNode {}

extension LeakyRelu: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.float("alpha", alpha)] }
}

extension Elu: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.float("alpha", alpha)] }
}

extension Selu: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.float("alpha", alpha), .float("gamma", gamma)] }
}

extension HardSigmoid: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.float("alpha", alpha), .float("beta", beta)] }
}

extension Softmax: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.int("axis", axis)] }
}

extension LogSoftmax: ONNXPlainNode {
    var onnxAttributes: [Onnx_AttributeProto] { [.int("axis", axis)] }
}

/// Clip takes min and max as optional float scalar inputs (opset 11 on); infinite bounds are left out.
extension Clip: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let low = min.isInfinite && min < 0 ? "" : builder.floatConstant([min], shape: [], node: node, role: "min")
        let high = max.isInfinite && max > 0 ? "" : builder.floatConstant([max], shape: [], node: node, role: "max")
        builder.emit(opType, name: node.name, inputs: [node.inputs[0], low, high], outputs: node.outputs)
    }
}

/// Dropout at inference; ratio and training_mode are left at their defaults (no dropout).
extension Dropout: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(opType, name: node.name, inputs: [node.inputs[0]], outputs: Array(node.outputs.prefix(1)))
    }
}

/// The engine's Cast is the identity on float32: written as a cast to FLOAT.
extension Cast: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: [.int("to", Int(Onnx_TensorProto.DataType.float.rawValue))])
    }
}
