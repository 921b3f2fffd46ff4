import NeuralEngine

extension NodeContext {
    /// Transpose, Reshape, Flatten, Squeeze, Unsqueeze, Concat, Split, Slice, Gather, Expand, Tile, Pad and
    /// the reductions, with their shape arguments read from constant inputs or attributes.
    func lowerShapeOperator() throws(ONNXImportError) -> LoweredNode? {
        switch opType {
        case "Transpose":
            return LoweredNode(Transpose(perm: attributes.ints("perm")), inputs: [0])
        case "Reshape":
            guard let target = try constantInts(1, role: "shape") else {
                throw .shapeMismatch(node: name, opType: opType, "its shape input is missing")
            }
            return LoweredNode(Reshape(shape: target, allowZero: attributes.int("allowzero", default: 0) != 0), inputs: [0])
        case "Flatten":
            return LoweredNode(Flatten(axis: attributes.int("axis", default: 1)), inputs: [0])
        case "Squeeze":
            let axes = opset >= 13 ? try constantInts(1, role: "axes") : attributes.ints("axes")
            return LoweredNode(Squeeze(axes: axes), inputs: [0])
        case "Unsqueeze":
            guard let axes = opset >= 13 ? try constantInts(1, role: "axes") : attributes.ints("axes") else {
                throw .shapeMismatch(node: name, opType: opType, "its axes are missing")
            }
            return LoweredNode(Unsqueeze(axes: axes), inputs: [0])
        case "Concat":
            guard let axis = attributes.int("axis") else { throw unsupported("the axis attribute is required") }
            return LoweredNode(Concat(axis: axis), inputs: Array(0..<inputs.count).map { Optional($0) })
        case "Split":
            return try lowerSplit()
        case "Slice":
            return try lowerSlice()
        case "Gather":
            guard let indices = try constantInts(1, role: "indices"), let indexValue = input(1) else {
                throw .shapeMismatch(node: name, opType: opType, "its indices input is missing")
            }
            let gather = Gather(axis: attributes.int("axis", default: 0), indices: indices, indicesShape: indexValue.shape)
            return LoweredNode(gather, inputs: [0])
        case "Expand":
            guard let target = try constantInts(1, role: "shape") else {
                throw .shapeMismatch(node: name, opType: opType, "its shape input is missing")
            }
            return LoweredNode(Expand(shape: target), inputs: [0])
        case "Tile":
            guard let repeats = try constantInts(1, role: "repeats") else {
                throw .shapeMismatch(node: name, opType: opType, "its repeats input is missing")
            }
            return LoweredNode(Tile(repeats: repeats), inputs: [0])
        case "Pad":
            return try lowerPad()
        case "ReduceMean", "ReduceSum", "ReduceMax", "ReduceProd":
            return try lowerReduction()
        default:
            return nil
        }
    }

    private func lowerSplit() throws(ONNXImportError) -> LoweredNode {
        let axis = attributes.int("axis", default: 0)
        if let sizes = opset >= 13 ? try constantInts(1, role: "split") : attributes.ints("split") {
            return LoweredNode(Split(axis: axis, sizes: sizes), inputs: [0])
        }
        let count = attributes.int("num_outputs") ?? node.output.count
        return LoweredNode(Split(axis: axis, outputCount: count), inputs: [0])
    }

    private func lowerSlice() throws(ONNXImportError) -> LoweredNode {
        let starts: [Int]
        let ends: [Int]
        let axes: [Int]?
        let steps: [Int]?
        if opset >= 10 {
            guard let first = try constantInts(1, role: "starts"), let last = try constantInts(2, role: "ends") else {
                throw .shapeMismatch(node: name, opType: opType, "its starts and ends inputs are required")
            }
            (starts, ends) = (first, last)
            axes = try constantInts(3, role: "axes")
            steps = try constantInts(4, role: "steps")
        } else {
            guard let first = attributes.ints("starts"), let last = attributes.ints("ends") else {
                throw unsupported("the starts and ends attributes are required")
            }
            (starts, ends, axes, steps) = (first, last, attributes.ints("axes"), nil)
        }
        return LoweredNode(Slice(starts: starts, ends: ends, axes: axes, steps: steps), inputs: [0])
    }

    private func lowerPad() throws(ONNXImportError) -> LoweredNode {
        let modeName = attributes.string("mode") ?? "constant"
        guard let mode = Pad.Mode(rawValue: modeName) else {
            throw unsupported("pad mode '\(modeName)' is not supported; supported: constant, reflect, edge")
        }
        if opset >= 11 {
            guard let pads = try constantInts(1, role: "pads") else {
                throw .shapeMismatch(node: name, opType: opType, "its pads input is missing")
            }
            let value = try constantScalar(2, role: "constant_value") ?? 0
            let axes = try constantInts(3, role: "axes")
            return LoweredNode(Pad(pads: pads, mode: mode, value: value, axes: axes), inputs: [0])
        }
        guard let pads = attributes.ints("pads") else { throw unsupported("the pads attribute is required") }
        return LoweredNode(Pad(pads: pads, mode: mode, value: attributes.float("value", default: 0)), inputs: [0])
    }

    /// Reductions take `axes` as an input from opset 18 (ReduceSum from 13), as an attribute before.
    private func lowerReduction() throws(ONNXImportError) -> LoweredNode {
        let axesAsInput = opType == "ReduceSum" ? opset >= 13 : opset >= 18
        let axes = (axesAsInput ? try constantInts(1, role: "axes") : attributes.ints("axes")) ?? []
        let keepDims = attributes.int("keepdims", default: 1) != 0
        let noop = attributes.int("noop_with_empty_axes", default: 0) != 0
        let op: any Operator =
            switch opType {
            case "ReduceMean": ReduceMean(axes: axes, keepDims: keepDims, noopWithEmptyAxes: noop)
            case "ReduceSum": ReduceSum(axes: axes, keepDims: keepDims, noopWithEmptyAxes: noop)
            case "ReduceMax": ReduceMax(axes: axes, keepDims: keepDims, noopWithEmptyAxes: noop)
            default: ReduceProd(axes: axes, keepDims: keepDims, noopWithEmptyAxes: noop)
            }
        return LoweredNode(op, inputs: [0])
    }
}
