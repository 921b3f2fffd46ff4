import NeuralEngine

/// ONNX comparisons return bool; the engine's return 0/1 floats. Each is written as the comparison into a
/// fresh `<output>/bool` tensor and a `Cast` to FLOAT under the engine's output name.
protocol ONNXComparisonNode: ONNXNodeExporting, Operator {}

extension ONNXComparisonNode {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let boolean = builder.uniqueName("\(node.outputs[0])/bool")
        builder.emit(opType, name: node.name, inputs: node.inputs, outputs: [boolean])
        builder.emit(
            "Cast", name: "\(node.name)/to_float", inputs: [boolean], outputs: node.outputs,
            attributes: [.int("to", Int(Onnx_TensorProto.DataType.float.rawValue))])
    }
}

extension Equal: ONNXComparisonNode {}
extension Less: ONNXComparisonNode {}
extension Greater: ONNXComparisonNode {}

/// Where's condition is bool in ONNX. A condition stored in the operator becomes a bool initializer; a
/// float condition computed at run time (nonzero selects X) becomes `Equal(condition, 0)` with X and Y
/// swapped, which needs no cast of run-time data to bool (the importer folds such casts only).
///
/// The engine node lists `[condition, X, Y]`, or `[X, Y]` when the condition is stored (as the importer
/// builds it).
extension Where: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let values = node.inputs.count == 2 ? node.inputs : Array(node.inputs.dropFirst())
        guard values.count == 2 else {
            throw .unsupportedOperator(node: node.name, opType: opType, reason: "expected inputs [condition, X, Y], got \(node.inputs)")
        }
        if let condition {
            let name = builder.boolConstant(condition, node: node, role: "condition")
            builder.emit(opType, name: node.name, inputs: [name] + values, outputs: node.outputs)
            return
        }
        let zero = builder.floatConstant([0], shape: [], node: node, role: "zero")
        let isZero = builder.uniqueName("\(node.name)/condition_is_zero")
        builder.emit("Equal", name: "\(node.name)/condition_is_zero", inputs: [node.inputs[0], zero], outputs: [isZero])
        builder.emit(opType, name: node.name, inputs: [isZero, values[1], values[0]], outputs: node.outputs)
    }
}
