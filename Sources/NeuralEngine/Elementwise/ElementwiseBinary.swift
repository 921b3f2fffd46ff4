/// An operator combining two inputs elementwise with numpy/ONNX multidirectional broadcasting.
///
/// Shapes: `A, B (broadcastable) → C (broadcast shape)`. Backward computes each partial at the
/// broadcast shape and sums it over the broadcast axes back to the input's shape.
protocol ElementwiseBinary: Operator {
    func value(_ a: Float, _ b: Float) -> Float
    /// ∂c/∂a and ∂c/∂b at `(a, b)`, with `c = value(a, b)`.
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float)
    /// False for comparisons, whose outputs carry no gradient.
    var isDifferentiable: Bool { get }
    /// The output shape; PRelu overrides it (its slope broadcasts one way only).
    func outputShape(_ a: [Int], _ b: [Int]) throws -> [Int]
}

extension ElementwiseBinary {
    var isDifferentiable: Bool { true }

    func outputShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        try Broadcasting.shape([a, b], opType)
    }

    /// From the shapes alone: a broadcast output can be far larger than both inputs.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard inputShapes.count >= 2, let a = inputShapes[0], let b = inputShapes[1] else {
            throw EngineError.shapeMismatch(opType, "it needs two inputs")
        }
        return [try outputShape(a, b)]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let shape = try outputShape(a.shape, b.shape)
        let wideA = a.broadcast(to: shape)  // (broadcast shape)
        let wideB = b.broadcast(to: shape)  // (broadcast shape)
        var c = Tensor(shape: shape)
        c.values.withUnsafeMutableBufferPointer { c in
            wideA.values.withUnsafeBufferPointer { a in
                wideB.values.withUnsafeBufferPointer { b in
                    for index in c.indices { c[index] = value(a[index], b[index]) }
                }
            }
        }
        return ForwardResult(outputs: [c])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard isDifferentiable, let dc = outputGradients[0] else { return [nil, nil] }
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let c = forward.outputs[0]
        let wideA = a.broadcast(to: c.shape)
        let wideB = b.broadcast(to: c.shape)
        var da = Tensor(shape: c.shape)  // (broadcast shape) before summing to a.shape
        var db = Tensor(shape: c.shape)
        for index in 0..<c.count {
            let (pa, pb) = partials(wideA.values[index], wideB.values[index], c.values[index])
            da.values[index] = dc.values[index] * pa
            db.values[index] = dc.values[index] * pb
        }
        return [da.summed(toShape: a.shape), db.summed(toShape: b.shape)]
    }
}
