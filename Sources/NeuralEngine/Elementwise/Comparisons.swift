/// ONNX `Equal`: 1 where `A == B`, else 0, as float32 (ONNX's bool output); no gradient.
public struct Equal: ElementwiseBinary {
    public var opType: String { "Equal" }
    public init() {}
    var isDifferentiable: Bool { false }
    func value(_ a: Float, _ b: Float) -> Float { a == b ? 1 : 0 }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (0, 0) }
}

/// ONNX `Less`: 1 where `A < B`, else 0, as float32; no gradient.
public struct Less: ElementwiseBinary {
    public var opType: String { "Less" }
    public init() {}
    var isDifferentiable: Bool { false }
    func value(_ a: Float, _ b: Float) -> Float { a < b ? 1 : 0 }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (0, 0) }
}

/// ONNX `Greater`: 1 where `A > B`, else 0, as float32; no gradient.
public struct Greater: ElementwiseBinary {
    public var opType: String { "Greater" }
    public init() {}
    var isDifferentiable: Bool { false }
    func value(_ a: Float, _ b: Float) -> Float { a > b ? 1 : 0 }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (0, 0) }
}

/// ONNX `Where`: `condition ? X : Y` with three-way broadcasting.
///
/// Inputs follow ONNX (`condition, X, Y`). A condition known at import is stored in `condition`
/// (0/1 floats) and input 0 is then ignored (may be absent); otherwise input 0 is a float tensor whose
/// nonzero entries select X. Gradients flow to X and Y (summed over broadcast axes), never to condition.
public struct Where: Operator {
    public var opType: String { "Where" }
    public let condition: Tensor?
    public init(condition: Tensor? = nil) { self.condition = condition }

    private func resolvedCondition(_ inputs: [Tensor?]) throws -> Tensor {
        if let condition { return condition }
        return try requireInput(inputs, 0, opType)
    }

    /// From the shapes alone: a broadcast output can be far larger than the inputs.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard inputShapes.count >= 3, let x = inputShapes[1], let y = inputShapes[2],
              let condition = self.condition?.shape ?? inputShapes[0]
        else { throw EngineError.shapeMismatch(opType, "it needs a condition, X and Y") }
        return [try Broadcasting.shape([condition, x, y], opType)]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let condition = try resolvedCondition(inputs)
        let x = try requireInput(inputs, 1, opType)
        let y = try requireInput(inputs, 2, opType)
        let shape = try Broadcasting.shape([condition.shape, x.shape, y.shape], opType)
        let c = condition.broadcast(to: shape), wideX = x.broadcast(to: shape), wideY = y.broadcast(to: shape)
        var output = Tensor(shape: shape)
        for index in 0..<output.count {
            output.values[index] = c.values[index] != 0 ? wideX.values[index] : wideY.values[index]
        }
        return ForwardResult(outputs: [output])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dOutput = outputGradients[0] else { return [nil, nil, nil] }
        let condition = try resolvedCondition(inputs).broadcast(to: dOutput.shape)
        let x = try requireInput(inputs, 1, opType)
        let y = try requireInput(inputs, 2, opType)
        var dx = Tensor(shape: dOutput.shape), dy = Tensor(shape: dOutput.shape)
        for index in 0..<dOutput.count {
            if condition.values[index] != 0 { dx.values[index] = dOutput.values[index] } else { dy.values[index] = dOutput.values[index] }
        }
        return [nil, dx.summed(toShape: x.shape), dy.summed(toShape: y.shape)]
    }
}
