/// ONNX `Concat`: joins inputs along `axis` (negative allowed); all other dimensions must agree.
///
/// Shapes: `Xᵢ (…, dᵢ, …) → Y (…, Σ dᵢ, …)`. Viewed as `(outer, dᵢ·inner)` blocks; backward cuts dY
/// back into the same blocks.
public struct Concat: Operator {
    public var opType: String { "Concat" }
    public let axis: Int
    public init(axis: Int) { self.axis = axis }

    private func layout(_ shapes: [[Int]]) throws -> (axis: Int, outer: Int, blocks: [Int], outputShape: [Int]) {
        guard let first = shapes.first else { throw EngineError("\(opType): needs at least one input") }
        let axis = try Tensor.normalisedAxis(self.axis, rank: first.count, opType)
        for shape in shapes {
            guard shape.count == first.count, shape.indices.allSatisfy({ $0 == axis || shape[$0] == first[$0] }) else {
                throw EngineError.shapeMismatch(opType, "input shapes \(shapes) disagree outside axis \(axis)")
            }
        }
        let inner = first[(axis + 1)...].reduce(1, *)
        var outputShape = first
        outputShape[axis] = shapes.map { $0[axis] }.reduce(0, +)
        return (axis, first[..<axis].reduce(1, *), shapes.map { $0[axis] * inner }, outputShape)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let xs = try inputs.indices.map { try requireInput(inputs, $0, opType) }
        let (_, outer, blocks, outputShape) = try layout(xs.map(\.shape))
        var values = [Float]()
        values.reserveCapacity(outputShape.reduce(1, *))
        for o in 0..<outer {
            for (x, block) in zip(xs, blocks) { values.append(contentsOf: x.values[(o * block)..<((o + 1) * block)]) }
        }
        return ForwardResult(outputs: [Tensor(outputShape, values)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let shapes = try inputs.indices.map { try requireInput(inputs, $0, opType).shape }
        let (_, outer, blocks, _) = try layout(shapes)
        var gradients = shapes.map { [Float](repeating: 0, count: $0.reduce(1, *)) }
        let total = blocks.reduce(0, +)
        for o in 0..<outer {
            var start = o * total
            for (index, block) in blocks.enumerated() {
                gradients[index].replaceSubrange((o * block)..<((o + 1) * block), with: dy.values[start..<(start + block)])
                start += block
            }
        }
        return zip(shapes, gradients).map { Tensor($0, $1) }
    }
}

/// ONNX `Split` along `axis` into pieces of `sizes`, or — when `sizes` is nil — into `outputCount`
/// pieces of `⌈d / outputCount⌉` (the last one smaller), as opset 18's `num_outputs`.
///
/// Shapes: `X (…, d, …) → Yᵢ (…, sizesᵢ, …)`. Backward concatenates the dYᵢ (zeros where absent).
public struct Split: Operator {
    public var opType: String { "Split" }
    public let axis: Int
    public let sizes: [Int]?
    public let outputCount: Int

    public init(axis: Int = 0, sizes: [Int]) {
        self.axis = axis
        self.sizes = sizes
        self.outputCount = sizes.count
    }

    public init(axis: Int = 0, outputCount: Int) {
        self.axis = axis
        self.sizes = nil
        self.outputCount = outputCount
    }

    private func resolvedSizes(_ shape: [Int]) throws -> (axis: Int, sizes: [Int]) {
        let axis = try Tensor.normalisedAxis(self.axis, rank: shape.count, opType)
        let dimension = shape[axis]
        let sizes = self.sizes ?? {
            let chunk = (dimension + outputCount - 1) / max(1, outputCount)
            return (0..<outputCount).map { max(0, min(chunk, dimension - $0 * chunk)) }
        }()
        guard sizes.reduce(0, +) == dimension, sizes.allSatisfy({ $0 >= 0 }) else {
            throw EngineError.shapeMismatch(opType, "sizes \(sizes) do not add up to axis \(axis) of input \(shape)")
        }
        return (axis, sizes)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let (axis, sizes) = try resolvedSizes(x.shape)
        let outer = x.shape[..<axis].reduce(1, *), inner = x.shape[(axis + 1)...].reduce(1, *)
        let total = x.shape[axis] * inner
        var start = 0
        let outputs = sizes.map { size -> Tensor in
            var shape = x.shape
            shape[axis] = size
            var values = [Float]()
            values.reserveCapacity(outer * size * inner)
            for o in 0..<outer { values.append(contentsOf: x.values[(o * total + start)..<(o * total + start + size * inner)]) }
            start += size * inner
            return Tensor(shape, values)
        }
        return ForwardResult(outputs: outputs)
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard outputGradients.contains(where: { $0 != nil }) else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        let (axis, _) = try resolvedSizes(x.shape)
        let pieces = forward.outputs.indices.map { outputGradients.indices.contains($0) ? outputGradients[$0] ?? Tensor(shape: forward.outputs[$0].shape) : Tensor(shape: forward.outputs[$0].shape) }
        let dx = try Concat(axis: axis).forward(pieces).outputs[0]
        return [dx] + inputs.dropFirst().map { _ in nil }
    }
}
