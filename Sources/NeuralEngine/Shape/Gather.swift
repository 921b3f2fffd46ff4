/// ONNX `Gather` with constant integer `indices` (any shape; negative counts from the end).
///
/// Shapes: `data (pre…, d, post…)`, `indices (I…)` → `Y (pre…, I…, post…)`:
/// `Y[p, i, q] = data[p, indices[i], q]`. Backward scatter-adds dY (repeated indices accumulate).
public struct Gather: Operator {
    public var opType: String { "Gather" }
    public let axis: Int
    public let indices: [Int]
    public let indicesShape: [Int]

    /// `indices` in row-major order of `indicesShape` (`[]` for a scalar index, which drops the axis).
    public init(axis: Int = 0, indices: [Int], indicesShape: [Int]? = nil) {
        self.axis = axis
        self.indices = indices
        self.indicesShape = indicesShape ?? [indices.count]
    }

    private func layout(_ shape: [Int]) throws -> (outer: Int, dimension: Int, inner: Int, resolved: [Int], outputShape: [Int]) {
        let axis = try Tensor.normalisedAxis(self.axis, rank: shape.count, opType)
        let dimension = shape[axis]
        let resolved = try indices.map { index -> Int in
            let value = index < 0 ? index + dimension : index
            guard value >= 0, value < dimension else {
                throw EngineError.shapeMismatch(opType, "index \(index) is out of range for axis \(axis) of input \(shape)")
            }
            return value
        }
        return (shape[..<axis].reduce(1, *), dimension, shape[(axis + 1)...].reduce(1, *), resolved,
                Array(shape[..<axis]) + indicesShape + Array(shape[(axis + 1)...]))
    }

    /// From the shapes alone: many indices into a large axis make an output far larger than the data.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let data = inputShapes.first ?? nil else { throw EngineError.shapeMismatch(opType, "its data input is missing") }
        return [try layout(data).outputShape]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let data = try requireInput(inputs, 0, opType)
        let (outer, dimension, inner, resolved, outputShape) = try layout(data.shape)
        var values = [Float]()
        values.reserveCapacity(outputShape.reduce(1, *))
        for o in 0..<outer {
            for index in resolved {
                let start = (o * dimension + index) * inner
                values.append(contentsOf: data.values[start..<(start + inner)])
            }
        }
        return ForwardResult(outputs: [Tensor(outputShape, values)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let data = try requireInput(inputs, 0, opType)
        let (outer, dimension, inner, resolved, _) = try layout(data.shape)
        var dx = Tensor(shape: data.shape)
        var position = 0
        for o in 0..<outer {
            for index in resolved {
                let start = (o * dimension + index) * inner
                for k in 0..<inner { dx.values[start + k] += dy.values[position + k] }
                position += inner
            }
        }
        return [dx] + inputs.dropFirst().map { _ in nil }
    }
}
