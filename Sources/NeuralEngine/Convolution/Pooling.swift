/// ONNX `MaxPool` (1-D and 2-D): the maximum over each window; padding never wins.
///
/// Shapes: `X (N, C, [H,] W) → Y (N, C, [oH,] oW)`. Attributes: `kernelShape`, `strides`, explicit
/// `pads`, `dilations`, `ceilMode`. Only the values output is supported (not ONNX's int64 Indices).
/// The position of each maximum (first one on ties) is saved for backward, which routes the gradient
/// there; stored as float32, exact for planes below 2²⁴ elements.
public struct MaxPool: Operator {
    public var opType: String { "MaxPool" }
    public let kernelShape: [Int]
    public let strides: [Int]?
    public let pads: [Int]?
    public let dilations: [Int]?
    public let ceilMode: Bool

    public init(kernelShape: [Int], strides: [Int]? = nil, pads: [Int]? = nil, dilations: [Int]? = nil, ceilMode: Bool = false) {
        self.kernelShape = kernelShape
        self.strides = strides
        self.pads = pads
        self.dilations = dilations
        self.ceilMode = ceilMode
    }

    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        try Pooling.outputShapes(inputShapes, kernelShape, strides, dilations, pads, ceilMode, opType)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)  // (N, C, H, W)
        let (g, outputShape) = try Pooling.geometry(x, kernelShape, strides, dilations, pads, ceilMode, opType)
        var y = Tensor(shape: outputShape)          // (N, C, oH, oW)
        var argmax = Tensor(shape: outputShape)     // plane-relative index of each maximum
        let inPlane = g.inputHeight * g.inputWidth, outPlane = g.outputHeight * g.outputWidth
        for plane in 0..<(x.shape[0] * x.shape[1]) {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    var best = -Float.infinity, bestIndex = -1
                    for i in 0..<g.kernelHeight {
                        let iy = oy * g.strideHeight - g.padTop + i * g.dilationHeight
                        guard iy >= 0, iy < g.inputHeight else { continue }
                        for j in 0..<g.kernelWidth {
                            let ix = ox * g.strideWidth - g.padLeft + j * g.dilationWidth
                            guard ix >= 0, ix < g.inputWidth else { continue }
                            let value = x.values[plane * inPlane + iy * g.inputWidth + ix]
                            if value > best || bestIndex < 0 {
                                best = value
                                bestIndex = iy * g.inputWidth + ix
                            }
                        }
                    }
                    let out = plane * outPlane + oy * g.outputWidth + ox
                    y.values[out] = best
                    argmax.values[out] = Float(bestIndex)
                }
            }
        }
        return ForwardResult(outputs: [y], saved: [argmax])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let argmax = forward.saved[0]
        var dx = Tensor(shape: x.shape)
        let inPlane = x.shape[2...].reduce(1, *), outPlane = dy.shape[2...].reduce(1, *)
        for out in 0..<dy.count {
            let index = Int(argmax.values[out])
            guard index >= 0 else { continue }
            dx.values[(out / outPlane) * inPlane + index] += dy.values[out]
        }
        return [dx]
    }
}

/// ONNX `AveragePool` (1-D and 2-D): the mean over each window.
///
/// Shapes: `X (N, C, [H,] W) → Y (N, C, [oH,] oW)`. With `countIncludePad` the divisor counts padded
/// positions (the window clipped to the padded extent, as PyTorch and ONNX Runtime); without, only the
/// input positions the window covers.
public struct AveragePool: Operator {
    public var opType: String { "AveragePool" }
    public let kernelShape: [Int]
    public let strides: [Int]?
    public let pads: [Int]?
    public let countIncludePad: Bool
    public let ceilMode: Bool

    public init(kernelShape: [Int], strides: [Int]? = nil, pads: [Int]? = nil, countIncludePad: Bool = false, ceilMode: Bool = false) {
        self.kernelShape = kernelShape
        self.strides = strides
        self.pads = pads
        self.countIncludePad = countIncludePad
        self.ceilMode = ceilMode
    }

    /// Calls `body(inputIndexInPlane, outputIndexInPlane, 1 / divisor)` for every (window, input) pair.
    private func forEachWindowElement(_ g: SpatialGeometry, _ body: (Int, Int, Float) -> Void) {
        for oy in 0..<g.outputHeight {
            let y0 = oy * g.strideHeight - g.padTop
            let y1 = min(y0 + g.kernelHeight, g.inputHeight + g.padBottom)
            let rowsIn = max(0, min(y1, g.inputHeight) - max(y0, 0))
            for ox in 0..<g.outputWidth {
                let x0 = ox * g.strideWidth - g.padLeft
                let x1 = min(x0 + g.kernelWidth, g.inputWidth + g.padRight)
                let columnsIn = max(0, min(x1, g.inputWidth) - max(x0, 0))
                let divisor = countIncludePad ? (y1 - y0) * (x1 - x0) : rowsIn * columnsIn
                let scale = divisor > 0 ? 1 / Float(divisor) : 0
                for iy in max(y0, 0)..<max(max(y0, 0), min(y1, g.inputHeight)) {
                    for ix in max(x0, 0)..<max(max(x0, 0), min(x1, g.inputWidth)) {
                        body(iy * g.inputWidth + ix, oy * g.outputWidth + ox, scale)
                    }
                }
            }
        }
    }

    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        try Pooling.outputShapes(inputShapes, kernelShape, strides, nil, pads, ceilMode, opType)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)  // (N, C, H, W)
        let (g, outputShape) = try Pooling.geometry(x, kernelShape, strides, nil, pads, ceilMode, opType)
        var y = Tensor(shape: outputShape)          // (N, C, oH, oW)
        let inPlane = g.inputHeight * g.inputWidth, outPlane = g.outputHeight * g.outputWidth
        for plane in 0..<(x.shape[0] * x.shape[1]) {
            forEachWindowElement(g) { input, output, scale in
                y.values[plane * outPlane + output] += scale * x.values[plane * inPlane + input]
            }
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let (g, _) = try Pooling.geometry(x, kernelShape, strides, nil, pads, ceilMode, opType)
        var dx = Tensor(shape: x.shape)
        let inPlane = g.inputHeight * g.inputWidth, outPlane = g.outputHeight * g.outputWidth
        for plane in 0..<(x.shape[0] * x.shape[1]) {
            forEachWindowElement(g) { input, output, scale in
                dx.values[plane * inPlane + input] += scale * dy.values[plane * outPlane + output]
            }
        }
        return [dx]
    }
}

/// ONNX `GlobalAveragePool`: the mean over all spatial axes. `X (N, C, …) → Y (N, C, 1, …)`.
public struct GlobalAveragePool: Operator {
    public var opType: String { "GlobalAveragePool" }
    public init() {}

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let (planes, size, shape) = try Pooling.globalView(x, opType)
        var y = Tensor(shape: shape)
        for plane in 0..<planes {
            var sum: Float = 0
            for index in (plane * size)..<((plane + 1) * size) { sum += x.values[index] }
            y.values[plane] = sum / Float(size)
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let (_, size, _) = try Pooling.globalView(x, opType)
        var dx = Tensor(shape: x.shape)
        for index in 0..<dx.count { dx.values[index] = dy.values[index / size] / Float(size) }
        return [dx]
    }
}

/// ONNX `GlobalMaxPool`: the maximum over all spatial axes (first on ties gets the gradient).
/// `X (N, C, …) → Y (N, C, 1, …)`.
public struct GlobalMaxPool: Operator {
    public var opType: String { "GlobalMaxPool" }
    public init() {}

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        let (planes, size, shape) = try Pooling.globalView(x, opType)
        var y = Tensor(shape: shape), argmax = Tensor(shape: shape)
        for plane in 0..<planes {
            var best = -Float.infinity, bestIndex = plane * size
            for index in (plane * size)..<((plane + 1) * size) where x.values[index] > best {
                best = x.values[index]
                bestIndex = index
            }
            y.values[plane] = best
            argmax.values[plane] = Float(bestIndex - plane * size)
        }
        return ForwardResult(outputs: [y], saved: [argmax])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let x = try requireInput(inputs, 0, opType)
        let (planes, size, _) = try Pooling.globalView(x, opType)
        var dx = Tensor(shape: x.shape)
        for plane in 0..<planes { dx.values[plane * size + Int(forward.saved[0].values[plane])] += dy.values[plane] }
        return [dx]
    }
}

/// Shape bookkeeping shared by the pooling operators.
enum Pooling {
    static func geometry(
        _ x: Tensor, _ kernel: [Int], _ strides: [Int]?, _ dilations: [Int]?, _ pads: [Int]?, _ ceilMode: Bool, _ opType: String
    ) throws -> (SpatialGeometry, [Int]) {
        try geometry(x.shape, kernel, strides, dilations, pads, ceilMode, opType)
    }

    static func geometry(
        _ shape: [Int], _ kernel: [Int], _ strides: [Int]?, _ dilations: [Int]?, _ pads: [Int]?, _ ceilMode: Bool, _ opType: String
    ) throws -> (SpatialGeometry, [Int]) {
        guard shape.count == 3 || shape.count == 4 else {
            throw EngineError.shapeMismatch(opType, "input has shape \(shape); expected (N, C, W) or (N, C, H, W)")
        }
        let g = try SpatialGeometry(spatial: Array(shape[2...]), kernel: kernel, strides: strides, dilations: dilations, pads: pads, ceilMode: ceilMode, opType)
        return (g, Array(shape[..<2]) + g.outputSpatial(rank: shape.count - 2))
    }

    /// A pooling operator's output shape from its input's, without allocating the output.
    static func outputShapes(
        _ inputShapes: [[Int]?], _ kernel: [Int], _ strides: [Int]?, _ dilations: [Int]?, _ pads: [Int]?, _ ceilMode: Bool, _ opType: String
    ) throws -> [[Int]] {
        guard let shape = inputShapes.first ?? nil else { throw EngineError.shapeMismatch(opType, "its input is missing") }
        return [try geometry(shape, kernel, strides, dilations, pads, ceilMode, opType).1]
    }

    /// `(N·C planes, elements per plane, output shape (N, C, 1, …))`.
    static func globalView(_ x: Tensor, _ opType: String) throws -> (Int, Int, [Int]) {
        guard x.rank >= 3 else { throw EngineError.shapeMismatch(opType, "input has shape \(x.shape); expected (N, C, …)") }
        return (x.shape[0] * x.shape[1], x.shape[2...].reduce(1, *), Array(x.shape[..<2]) + Array(repeating: 1, count: x.rank - 2))
    }
}
