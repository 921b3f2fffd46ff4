import Foundation

/// ONNX `Softmax` (opset 13+): normalised exponentials along one `axis` (default -1).
///
/// Shapes: `X (any) → Y (same)`, viewed as `(outer, n, inner)` around the axis. Backward:
/// `dx = y ⊙ (dy − Σ_axis dy ⊙ y)`.
public struct Softmax: Operator {
    public var opType: String { "Softmax" }
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        return ForwardResult(outputs: [try SoftmaxKernel.forward(x, axis: axis, log: false, opType)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        return [try SoftmaxKernel.backward(forward.outputs[0], dy, axis: axis, log: false, opType)]
    }
}

/// ONNX `LogSoftmax` (opset 13+): `x − log Σ_axis eˣ` along one `axis` (default -1).
///
/// Shapes: `X (any) → Y (same)`. Backward: `dx = dy − softmax ⊙ Σ_axis dy`.
public struct LogSoftmax: Operator {
    public var opType: String { "LogSoftmax" }
    public let axis: Int
    public init(axis: Int = -1) { self.axis = axis }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        return ForwardResult(outputs: [try SoftmaxKernel.forward(x, axis: axis, log: true, opType)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        return [try SoftmaxKernel.backward(forward.outputs[0], dy, axis: axis, log: true, opType)]
    }
}

/// The shared softmax kernels over the `(outer, n, inner)` view of a tensor.
enum SoftmaxKernel {
    static func view(_ shape: [Int], axis: Int, _ opType: String) throws -> (outer: Int, n: Int, inner: Int) {
        let axis = try Tensor.normalisedAxis(axis, rank: shape.count, opType)
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    static func forward(_ x: Tensor, axis: Int, log: Bool, _ opType: String) throws -> Tensor {
        let (outer, n, inner) = try view(x.shape, axis: axis, opType)
        var y = x
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var maximum = -Float.infinity
                for j in 0..<n { maximum = max(maximum, x.values[base + j * inner]) }
                var sum: Float = 0
                for j in 0..<n { sum += expf(x.values[base + j * inner] - maximum) }
                let logSum = logf(sum)
                for j in 0..<n {
                    let shifted = x.values[base + j * inner] - maximum
                    y.values[base + j * inner] = log ? shifted - logSum : expf(shifted) / sum
                }
            }
        }
        return y
    }

    static func backward(_ y: Tensor, _ dy: Tensor, axis: Int, log: Bool, _ opType: String) throws -> Tensor {
        let (outer, n, inner) = try view(y.shape, axis: axis, opType)
        var dx = dy
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var dot: Float = 0
                for j in 0..<n {
                    dot += log ? dy.values[base + j * inner] : dy.values[base + j * inner] * y.values[base + j * inner]
                }
                for j in 0..<n {
                    let index = base + j * inner
                    dx.values[index] = log ? dy.values[index] - expf(y.values[index]) * dot : y.values[index] * (dy.values[index] - dot)
                }
            }
        }
        return dx
    }
}
