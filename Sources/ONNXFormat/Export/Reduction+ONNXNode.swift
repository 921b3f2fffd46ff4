import NeuralEngine

/// Reductions take `axes` as an int64 input from opset 18 (ReduceSum from 13), as an attribute before.
/// Empty axes reduce everything, unless `noopWithEmptyAxes`, which makes the node an Identity.
protocol ONNXReductionNode: ONNXNodeExporting, Operator {
    var axes: [Int] { get }
    var keepDims: Bool { get }
    var noopWithEmptyAxes: Bool { get }
}

extension ONNXReductionNode {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        if axes.isEmpty && noopWithEmptyAxes {
            builder.emit(node, as: "Identity")
            return
        }
        let axesAsInput = opType == "ReduceSum" ? builder.opset >= 13 : builder.opset >= 18
        var attributes: [Onnx_AttributeProto] = [.int("keepdims", keepDims ? 1 : 0)]
        var extra: [String] = []
        if !axes.isEmpty {
            if axesAsInput {
                extra.append(builder.integerConstant(axes, node: node, role: "axes"))
            } else {
                attributes.append(.ints("axes", axes))
            }
        }
        builder.emit(node, as: opType, attributes: attributes, extraInputs: extra)
    }
}

extension ReduceSum: ONNXReductionNode {}
extension ReduceMean: ONNXReductionNode {}
extension ReduceMax: ONNXReductionNode {}
extension ReduceProd: ONNXReductionNode {}
