/// ONNX `Slice` (opset 13+) with `starts`, `ends`, `axes`, `steps` resolved at import.
///
/// Clamping follows ONNX: negative starts/ends count from the end; then for a positive step starts and
/// ends are clamped to `[0, d]`, for a negative step starts to `[0, d−1]` and ends to `[−1, d−1]`
/// (so `ends = Int.min` with step −1 reaches index 0). Axes default to `0..<starts.count`, steps to 1.
/// Shapes: `X (any) → Y (same rank)`. Backward scatters dY into zeros of X's shape.
public struct Slice: Operator {
    public var opType: String { "Slice" }
    public let starts: [Int]
    public let ends: [Int]
    public let axes: [Int]?
    public let steps: [Int]?

    public init(starts: [Int], ends: [Int], axes: [Int]? = nil, steps: [Int]? = nil) {
        self.starts = starts
        self.ends = ends
        self.axes = axes
        self.steps = steps
    }

    /// The view of X that is Y: element offset, shape and strides.
    private func view(_ shape: [Int]) throws -> (offset: Int, shape: [Int], strides: [Int]) {
        let axes = self.axes ?? Array(starts.indices)
        let steps = self.steps ?? Array(repeating: 1, count: starts.count)
        guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
            throw EngineError("\(opType): starts \(starts), ends \(ends), axes \(axes), steps \(steps) differ in length")
        }
        let inputStrides = Tensor.rowMajorStrides(shape)
        var outputShape = shape, strides = inputStrides, offset = 0
        for (index, rawAxis) in axes.enumerated() {
            let axis = try Tensor.normalisedAxis(rawAxis, rank: shape.count, opType)
            let dimension = shape[axis], step = steps[index]
            guard step != 0 else { throw EngineError("\(opType): step 0 on axis \(axis)") }
            var start = starts[index], end = ends[index]
            if start < 0 { start = start &+ dimension }
            if end < 0 { end = end &+ dimension }
            let count: Int
            if step > 0 {
                start = min(max(start, 0), dimension)
                end = min(max(end, 0), dimension)
                count = end > start ? (end - start + step - 1) / step : 0
            } else {
                start = min(max(start, 0), dimension - 1)
                end = min(max(end, -1), dimension - 1)
                count = start > end ? (start - end - step - 1) / (-step) : 0
            }
            outputShape[axis] = count
            strides[axis] = inputStrides[axis] * step
            if count > 0 { offset += start * inputStrides[axis] }
        }
        return (offset, outputShape, strides)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let view = try view(x.shape)
        return ForwardResult(outputs: [Tensor(view.shape, StridedLoop.gather(x.values, shape: view.shape, strides: view.strides, offset: view.offset))])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        let view = try view(x.shape)
        var dx = Tensor(shape: x.shape)
        StridedLoop.scatterAdd(dy.values, into: &dx.values, shape: view.shape, strides: view.strides, offset: view.offset)
        return [dx] + inputs.dropFirst().map { _ in nil }
    }
}
