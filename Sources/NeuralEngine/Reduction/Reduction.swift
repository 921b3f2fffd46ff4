/// The shared shape logic of ONNX `Reduce*` operators (opsets 13–18; axes resolved at import).
///
/// `axes` may be negative; empty axes reduce every axis unless `noopWithEmptyAxes`, in which case the
/// operator is the identity. With `keepDims` reduced axes stay as 1, otherwise they are removed.
/// Shapes: `X (any) → Y (X's shape with reduced axes 1 or removed)`.
struct ReductionPlan {
    var keptShape: [Int]      // X's shape with reduced axes set to 1
    var outputShape: [Int]
    var inputToKeptStrides: [Int]  // strides into a keptShape buffer for each X axis (0 on reduced)
    var groupSize: Int
    var isIdentity: Bool

    init(_ shape: [Int], axes: [Int], keepDims: Bool, noopWithEmptyAxes: Bool, _ opType: String) throws {
        let identity = axes.isEmpty && noopWithEmptyAxes
        let reduced = Set(try (axes.isEmpty ? Array(shape.indices) : axes).map { try Tensor.normalisedAxis($0, rank: shape.count, opType) })
        let kept = shape.indices.map { reduced.contains($0) && !identity ? 1 : shape[$0] }
        isIdentity = identity
        keptShape = kept
        outputShape = keepDims || identity ? kept : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
        inputToKeptStrides = Broadcasting.strides(of: kept, broadcastTo: shape)
        groupSize = max(1, shape.reduce(1, *)) / max(1, kept.reduce(1, *))
        if shape.contains(0) { groupSize = 0 }
    }

    /// Calls `body(inputIndex, outputIndex)` for every input element.
    func forEach(_ shape: [Int], _ body: (Int, Int) -> Void) {
        StridedLoop.forEach(shape: shape, strides: inputToKeptStrides, body)
    }
}

/// A reduction over resolved axes; conformers supply the kernel.
protocol Reduction: Operator {
    var axes: [Int] { get }
    var keepDims: Bool { get }
    var noopWithEmptyAxes: Bool { get }
}

extension Reduction {
    func plan(_ x: Tensor) throws -> ReductionPlan {
        try ReductionPlan(x.shape, axes: axes, keepDims: keepDims, noopWithEmptyAxes: noopWithEmptyAxes, opType)
    }

    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard let x = inputShapes.first ?? nil else { throw EngineError("\(opType): needs an input") }
        return [try ReductionPlan(x, axes: axes, keepDims: keepDims, noopWithEmptyAxes: noopWithEmptyAxes, opType).outputShape]
    }
}

/// ONNX `ReduceSum`. Backward broadcasts dY back over the reduced axes.
public struct ReduceSum: Reduction {
    public var opType: String { "ReduceSum" }
    public let axes: [Int], keepDims: Bool, noopWithEmptyAxes: Bool
    public init(axes: [Int] = [], keepDims: Bool = true, noopWithEmptyAxes: Bool = false) {
        (self.axes, self.keepDims, self.noopWithEmptyAxes) = (axes, keepDims, noopWithEmptyAxes)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return ForwardResult(outputs: [x]) }
        var sums = [Float](repeating: 0, count: plan.keptShape.reduce(1, *))
        plan.forEach(x.shape) { input, output in sums[output] += x.values[input] }
        return ForwardResult(outputs: [Tensor(plan.outputShape, sums)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        return [dy.reshaped(plan.keptShape).broadcast(to: x.shape)]
    }
}

/// ONNX `ReduceMean`: the sum divided by the number of reduced elements.
public struct ReduceMean: Reduction {
    public var opType: String { "ReduceMean" }
    public let axes: [Int], keepDims: Bool, noopWithEmptyAxes: Bool
    public init(axes: [Int] = [], keepDims: Bool = true, noopWithEmptyAxes: Bool = false) {
        (self.axes, self.keepDims, self.noopWithEmptyAxes) = (axes, keepDims, noopWithEmptyAxes)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return ForwardResult(outputs: [x]) }
        var sums = [Float](repeating: 0, count: plan.keptShape.reduce(1, *))
        plan.forEach(x.shape) { input, output in sums[output] += x.values[input] }
        let scale = 1 / Float(plan.groupSize)
        return ForwardResult(outputs: [Tensor(plan.outputShape, sums.map { $0 * scale })])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return [dy] }
        var dx = dy.reshaped(plan.keptShape).broadcast(to: x.shape)
        let scale = 1 / Float(plan.groupSize)
        for index in 0..<dx.count { dx.values[index] *= scale }
        return [dx]
    }
}

/// ONNX `ReduceMax`. The gradient goes to the first maximum of each group (PyTorch's `amax` splits it
/// among ties; tests avoid ties).
public struct ReduceMax: Reduction {
    public var opType: String { "ReduceMax" }
    public let axes: [Int], keepDims: Bool, noopWithEmptyAxes: Bool
    public init(axes: [Int] = [], keepDims: Bool = true, noopWithEmptyAxes: Bool = false) {
        (self.axes, self.keepDims, self.noopWithEmptyAxes) = (axes, keepDims, noopWithEmptyAxes)
    }

    /// The position of each maximum, saved for backward.
    public func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int {
        guard let x = inputShapes.first ?? nil else { return 0 }
        let plan = try ReductionPlan(x, axes: axes, keepDims: keepDims, noopWithEmptyAxes: noopWithEmptyAxes, opType)
        return plan.isIdentity ? 0 : plan.keptShape.reduce(1, *)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return ForwardResult(outputs: [x]) }
        var maxima = [Float](repeating: -.infinity, count: plan.keptShape.reduce(1, *))
        var positions = [Float](repeating: -1, count: maxima.count)  // input index of each maximum
        plan.forEach(x.shape) { input, output in
            if x.values[input] > maxima[output] || positions[output] < 0 {
                maxima[output] = x.values[input]
                positions[output] = Float(input)
            }
        }
        return ForwardResult(outputs: [Tensor(plan.outputShape, maxima)], saved: [Tensor(plan.keptShape, positions)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        if try plan(x).isIdentity { return [dy] }
        var dx = Tensor(shape: x.shape)
        for (output, position) in forward.saved[0].values.enumerated() where position >= 0 {
            dx.values[Int(position)] += dy.values[output]
        }
        return [dx]
    }
}

/// ONNX `ReduceProd`. Backward: `∂/∂xᵢ = Π_{j≠i} xⱼ`, computed without dividing by zero.
public struct ReduceProd: Reduction {
    public var opType: String { "ReduceProd" }
    public let axes: [Int], keepDims: Bool, noopWithEmptyAxes: Bool
    public init(axes: [Int] = [], keepDims: Bool = true, noopWithEmptyAxes: Bool = false) {
        (self.axes, self.keepDims, self.noopWithEmptyAxes) = (axes, keepDims, noopWithEmptyAxes)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return ForwardResult(outputs: [x]) }
        var products = [Float](repeating: 1, count: plan.keptShape.reduce(1, *))
        plan.forEach(x.shape) { input, output in products[output] *= x.values[input] }
        return ForwardResult(outputs: [Tensor(plan.outputShape, products)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let plan = try plan(x)
        if plan.isIdentity { return [dy] }
        let groups = plan.keptShape.reduce(1, *)
        var nonZeroProducts = [Float](repeating: 1, count: groups), zeros = [Int](repeating: 0, count: groups)
        plan.forEach(x.shape) { input, output in
            if x.values[input] == 0 { zeros[output] += 1 } else { nonZeroProducts[output] *= x.values[input] }
        }
        var dx = Tensor(shape: x.shape)
        plan.forEach(x.shape) { input, output in
            let value = x.values[input]
            let others: Float
            switch zeros[output] {
            case 0: others = nonZeroProducts[output] / value
            case 1: others = value == 0 ? nonZeroProducts[output] : 0
            default: others = 0
            }
            dx.values[input] = dy.values[output] * others
        }
        return [dx]
    }
}
