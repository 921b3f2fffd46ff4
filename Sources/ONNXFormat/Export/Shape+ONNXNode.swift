import NeuralEngine

extension Transpose: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: perm.map { [.ints("perm", $0)] } ?? [])
    }
}

/// Reshape's target is an int64 input; `allowzero` exists from opset 14 and is written only when set.
extension Reshape: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let target = builder.integerConstant(shape, node: node, role: "shape")
        builder.emit(node, as: opType, attributes: allowZero ? [.int("allowzero", 1)] : [], extraInputs: [target])
    }
}

extension Flatten: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: [.int("axis", axis)])
    }
}

/// Squeeze and Unsqueeze take their axes as an int64 input from opset 13.
extension Squeeze: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let extra = axes.map { [builder.integerConstant($0, node: node, role: "axes")] } ?? []
        builder.emit(node, as: opType, extraInputs: extra)
    }
}

extension Unsqueeze: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, extraInputs: [builder.integerConstant(axes, node: node, role: "axes")])
    }
}

extension Concat: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, attributes: [.int("axis", axis)])
    }
}

/// Split sizes are an int64 input from opset 13; an even split names its output count with
/// `num_outputs` from opset 18 (before, the count of outputs says it).
extension Split: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        if let sizes {
            builder.emit(node, as: opType, attributes: [.int("axis", axis)],
                         extraInputs: [builder.integerConstant(sizes, node: node, role: "split")])
            return
        }
        var attributes: [Onnx_AttributeProto] = [.int("axis", axis)]
        if builder.opset >= 18 { attributes.append(.int("num_outputs", outputCount)) }
        builder.emit(node, as: opType, attributes: attributes)
    }
}

/// Slice bounds, axes and steps are int64 inputs (opset 10 on).
extension Slice: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var extra = [
            builder.integerConstant(starts, node: node, role: "starts"),
            builder.integerConstant(ends, node: node, role: "ends"),
        ]
        if axes != nil || steps != nil {
            extra.append(builder.integerConstant(axes ?? Array(0..<starts.count), node: node, role: "axes"))
        }
        if let steps { extra.append(builder.integerConstant(steps, node: node, role: "steps")) }
        builder.emit(node, as: opType, extraInputs: extra)
    }
}

/// Gather's indices (resolved at import) come back as an int64 initializer of their original shape.
extension Gather: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        let name = builder.integerConstant(indices, shape: indicesShape, node: node, role: "indices")
        builder.emit(node, as: opType, attributes: [.int("axis", axis)], extraInputs: [name])
    }
}

extension Expand: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, extraInputs: [builder.integerConstant(shape, node: node, role: "shape")])
    }
}

extension Tile: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        builder.emit(node, as: opType, extraInputs: [builder.integerConstant(repeats, node: node, role: "repeats")])
    }
}

/// Pad (opset 11 on): pads and constant_value as inputs; `axes` is an input from opset 18, and for
/// earlier opsets is expanded into pads over every axis.
extension Pad: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var fullPads = pads
        var axesInput = ""
        if let axes {
            if builder.opset >= 18 {
                axesInput = builder.integerConstant(axes, node: node, role: "axes")
            } else {
                let rank = try builder.shape(of: node.inputs[0], node: node).count
                fullPads = Array(repeating: 0, count: 2 * rank)
                for (index, axis) in axes.enumerated() {
                    let resolved = axis < 0 ? axis + rank : axis
                    fullPads[resolved] = pads[index]
                    fullPads[rank + resolved] = pads[axes.count + index]
                }
            }
        }
        let padsInput = builder.integerConstant(fullPads, node: node, role: "pads")
        let valueInput = mode == .constant && value != 0 ? builder.floatConstant([value], shape: [], node: node, role: "constant_value") : ""
        builder.emit(node, as: opType, attributes: [.string("mode", mode.rawValue)], extraInputs: [padsInput, valueInput, axesInput])
    }
}
