/// ONNX `Pad` with `pads` resolved at import (`[begin₀…, end₀…]` over `axes`, default all; negative
/// pads crop) in `constant`, `reflect` or `edge` mode.
///
/// Shapes: `X (dᵢ) → Y (dᵢ + beginᵢ + endᵢ)`. Each output position maps to one input position (or to
/// the constant); backward adds dY at those positions, so reflected/edge copies accumulate.
public struct Pad: Operator {
    public enum Mode: String, Sendable { case constant, reflect, edge }

    public var opType: String { "Pad" }
    public let pads: [Int]
    public let mode: Mode
    public let value: Float
    public let axes: [Int]?

    public init(pads: [Int], mode: Mode = .constant, value: Float = 0, axes: [Int]? = nil) {
        self.pads = pads
        self.mode = mode
        self.value = value
        self.axes = axes
    }

    /// From the shapes alone (see `Expand.outputShapes`).
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let shape = inputShapes.first ?? nil else { throw EngineError.shapeMismatch(opType, "its input is missing") }
        let axes = try (self.axes ?? Array(shape.indices)).map { try Tensor.normalisedAxis($0, rank: shape.count, opType) }
        guard pads.count == 2 * axes.count else {
            throw EngineError.shapeMismatch(opType, "pads \(pads) need 2 entries for each of the axes \(axes) of input \(shape)")
        }
        var output = shape
        for (index, axis) in axes.enumerated() {
            let (grown, overflow) = output[axis].addingReportingOverflow(pads[index])
            let (size, overflowAgain) = grown.addingReportingOverflow(pads[index + axes.count])
            guard !overflow, !overflowAgain, size >= 0 else {
                throw EngineError.shapeMismatch(opType, "pads \(pads) do not fit axis \(axis) of input \(shape)")
            }
            output[axis] = size
        }
        return [output]
    }

    /// For each axis, the input index each output index reads (-1 = the constant).
    private func sourceMaps(_ shape: [Int]) throws -> [[Int]] {
        let axes = try (self.axes ?? Array(shape.indices)).map { try Tensor.normalisedAxis($0, rank: shape.count, opType) }
        guard pads.count == 2 * axes.count else {
            throw EngineError.shapeMismatch(opType, "pads \(pads) need 2 entries for each of the axes \(axes) of input \(shape)")
        }
        var begin = [Int](repeating: 0, count: shape.count), end = begin
        for (index, axis) in axes.enumerated() {
            begin[axis] = pads[index]
            end[axis] = pads[index + axes.count]
        }
        return try shape.indices.map { axis in
            let d = shape[axis]
            let size = d + begin[axis] + end[axis]
            guard size >= 0 else { throw EngineError.shapeMismatch(opType, "pads \(pads) crop axis \(axis) of input \(shape) below zero") }
            if mode == .reflect, d < 2, begin[axis] > 0 || end[axis] > 0 {
                throw EngineError.shapeMismatch(opType, "reflect padding needs at least 2 elements on axis \(axis) of input \(shape)")
            }
            return (0..<size).map { output in
                var source = output - begin[axis]
                if source >= 0 && source < d { return source }
                switch mode {
                case .constant: return -1
                case .edge: return min(max(source, 0), d - 1)
                case .reflect:
                    let period = 2 * (d - 1)
                    source = ((source % period) + period) % period
                    return source < d ? source : period - source
                }
            }
        }
    }

    /// Calls `body(outputIndex, inputIndex or -1)` for every output element.
    private func forEachOutput(_ shape: [Int], _ maps: [[Int]], _ body: (Int, Int) -> Void) {
        let outputShape = maps.map(\.count)
        let strides = Tensor.rowMajorStrides(shape)
        var index = [Int](repeating: 0, count: shape.count)
        for output in 0..<outputShape.reduce(1, *) {
            var source = 0
            for axis in shape.indices {
                let mapped = maps[axis][index[axis]]
                if mapped < 0 { source = -1; break }
                source += mapped * strides[axis]
            }
            body(output, source)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outputShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let maps = try sourceMaps(x.shape)
        var y = Tensor(shape: maps.map(\.count))
        forEachOutput(x.shape, maps) { output, source in y.values[output] = source < 0 ? value : x.values[source] }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        let maps = try sourceMaps(x.shape)
        var dx = Tensor(shape: x.shape)
        forEachOutput(x.shape, maps) { output, source in if source >= 0 { dx.values[source] += dy.values[output] } }
        return [dx] + inputs.dropFirst().map { _ in nil }
    }
}
