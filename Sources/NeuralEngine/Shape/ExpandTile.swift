/// ONNX `Expand` with the target shape resolved at import: bidirectional broadcast of X with `shape`
/// (so a 1 in `shape` keeps X's dimension). Backward sums dY over the broadcast axes.
public struct Expand: Operator {
    public var opType: String { "Expand" }
    public let shape: [Int]
    public init(shape: [Int]) { self.shape = shape }

    /// From the shapes alone: the importer checks a hostile target shape before anything is allocated.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let x = inputShapes.first ?? nil else { throw EngineError.shapeMismatch(opType, "its input is missing") }
        return [try Broadcasting.shape([x, shape], opType)]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let target = try Broadcasting.shape([x.shape, shape], opType)
        return ForwardResult(outputs: [x.broadcast(to: target)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        return [dy.summed(toShape: x.shape)] + inputs.dropFirst().map { _ in nil }
    }
}

/// ONNX `Tile` with `repeats` resolved at import: `Y.shape[i] = X.shape[i] · repeats[i]`.
///
/// Y read as `(r₀, d₀, r₁, d₁, …)` is X broadcast with stride 0 on every `rᵢ` axis, so forward is a
/// strided gather and backward the matching scatter-add.
public struct Tile: Operator {
    public var opType: String { "Tile" }
    public let repeats: [Int]
    public init(repeats: [Int]) { self.repeats = repeats }

    private func view(_ shape: [Int]) throws -> (shape: [Int], strides: [Int], outputShape: [Int]) {
        guard repeats.count == shape.count, repeats.allSatisfy({ $0 >= 0 }) else {
            throw EngineError.shapeMismatch(opType, "repeats \(repeats) do not fit input shape \(shape)")
        }
        let strides = Tensor.rowMajorStrides(shape)
        return (shape.indices.flatMap { [repeats[$0], shape[$0]] }, shape.indices.flatMap { [0, strides[$0]] },
                shape.indices.map { shape[$0] * repeats[$0] })
    }

    /// From the shapes alone (see `Expand.outputShapes`); a product that overflows is refused.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let shape = inputShapes.first ?? nil else { throw EngineError.shapeMismatch(opType, "its input is missing") }
        guard repeats.count == shape.count, repeats.allSatisfy({ $0 >= 0 }) else {
            throw EngineError.shapeMismatch(opType, "repeats \(repeats) do not fit input shape \(shape)")
        }
        return [try zip(shape, repeats).map { dimension, count in
            let (product, overflow) = dimension.multipliedReportingOverflow(by: count)
            guard !overflow else { throw EngineError.shapeMismatch(opType, "repeats \(repeats) overflow input shape \(shape)") }
            return product
        }]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let view = try view(x.shape)
        return ForwardResult(outputs: [Tensor(view.outputShape, StridedLoop.gather(x.values, shape: view.shape, strides: view.strides))])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        let view = try view(x.shape)
        var dx = Tensor(shape: x.shape)
        StridedLoop.scatterAdd(dy.values, into: &dx.values, shape: view.shape, strides: view.strides)
        return [dx] + inputs.dropFirst().map { _ in nil }
    }
}
