import NeuralEngine

extension Conv: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var attributes: [Onnx_AttributeProto] = [.int("group", group)]
        if let strides { attributes.append(.ints("strides", strides)) }
        if let dilations { attributes.append(.ints("dilations", dilations)) }
        if let pads { attributes.append(.ints("pads", pads)) }
        builder.emit(node, as: opType, attributes: attributes)
    }
}

extension Gemm: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: [
            .float("alpha", alpha), .float("beta", beta), .int("transA", transA ? 1 : 0), .int("transB", transB ? 1 : 0),
        ])
    }
}

/// Inference-mode batch normalisation: only the Y output.
extension BatchNormalization: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(opType, name: node.name, inputs: node.inputs, outputs: Array(node.outputs.prefix(1)),
                     attributes: [.float("epsilon", epsilon)])
    }
}

/// LayerNormalization exists from opset 17.
extension LayerNormalization: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        guard builder.opset >= 17 else {
            throw .unsupportedOperator(node: node.name, opType: opType, reason: "LayerNormalization needs opset 17 or later, exporting opset \(builder.opset)")
        }
        builder.emit(node, as: opType, attributes: [.int("axis", axis), .float("epsilon", epsilon)])
    }
}

extension MaxPool: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var attributes: [Onnx_AttributeProto] = [.ints("kernel_shape", kernelShape), .int("ceil_mode", ceilMode ? 1 : 0)]
        if let strides { attributes.append(.ints("strides", strides)) }
        if let pads { attributes.append(.ints("pads", pads)) }
        if let dilations { attributes.append(.ints("dilations", dilations)) }
        builder.emit(opType, name: node.name, inputs: node.inputs, outputs: Array(node.outputs.prefix(1)), attributes: attributes)
    }
}

extension AveragePool: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var attributes: [Onnx_AttributeProto] = [
            .ints("kernel_shape", kernelShape), .int("ceil_mode", ceilMode ? 1 : 0),
            .int("count_include_pad", countIncludePad ? 1 : 0),
        ]
        if let strides { attributes.append(.ints("strides", strides)) }
        if let pads { attributes.append(.ints("pads", pads)) }
        builder.emit(node, as: opType, attributes: attributes)
    }
}
