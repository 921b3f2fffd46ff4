/// ONNX `LayerNormalization` (opset 17): normalise over the axes from `axis` to the last.
///
/// Shapes: `X (outer…, D…)` with `D = X.shape[axis...]`, `Scale` and optional `B` broadcastable to
/// `D` → `Y (X's shape)`, plus ONNX's optional `Mean` and `InvStdDev` outputs `(outer…, 1…)`.
/// `y = (x − μ) · rstd · scale + B` with `rstd = 1/√(σ² + ε)`, σ² the biased variance. Gradients for
/// X, Scale and B flow through Y only (llm.c's `layernorm_backward`); a gradient arriving at Mean or
/// InvStdDev is an error rather than silently dropped.
public struct LayerNormalization: Operator {
    public var opType: String { "LayerNormalization" }
    public let axis: Int
    public let epsilon: Float

    public init(axis: Int = -1, epsilon: Float = 1e-5) {
        self.axis = axis
        self.epsilon = epsilon
    }

    private func view(_ x: Tensor) throws -> (outer: Int, d: Int, normalisedShape: [Int], statisticsShape: [Int]) {
        let axis = try Tensor.normalisedAxis(axis, rank: x.rank, opType)
        let normalised = Array(x.shape[axis...])
        return (x.shape[..<axis].reduce(1, *), normalised.reduce(1, *), normalised, Array(x.shape[..<axis]) + Array(repeating: 1, count: x.rank - axis))
    }

    private func parameter(_ inputs: [Tensor?], _ index: Int, _ shape: [Int]) throws -> Tensor? {
        guard index < inputs.count, let tensor = inputs[index] else { return nil }
        guard (try? Broadcasting.shape([tensor.shape, shape], opType)) == shape else {
            throw EngineError.shapeMismatch(opType, "input \(index) has shape \(tensor.shape), which does not broadcast to the normalised shape \(shape)")
        }
        return tensor.broadcast(to: shape)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)  // (outer, D)
        let (outer, d, normalisedShape, statisticsShape) = try view(x)
        guard let scale = try parameter(inputs, 1, normalisedShape) else { throw EngineError("\(opType): Scale is required") }
        let bias = try parameter(inputs, 2, normalisedShape)
        var y = x
        var mean = Tensor(shape: statisticsShape), rstd = Tensor(shape: statisticsShape)  // (outer, 1)
        for row in 0..<outer {
            let base = row * d
            var sum: Float = 0
            for j in 0..<d { sum += x.values[base + j] }
            let mu = sum / Float(d)
            var squares: Float = 0
            for j in 0..<d { squares += (x.values[base + j] - mu) * (x.values[base + j] - mu) }
            let inverse = 1 / (squares / Float(d) + epsilon).squareRoot()
            for j in 0..<d {
                y.values[base + j] = (x.values[base + j] - mu) * inverse * scale.values[j] + (bias?.values[j] ?? 0)
            }
            mean.values[row] = mu
            rstd.values[row] = inverse
        }
        return ForwardResult(outputs: [y, mean, rstd])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        if outputGradients.dropFirst().contains(where: { $0 != nil && $0!.values.contains { $0 != 0 } }) {
            throw EngineError("\(opType): gradients through the Mean and InvStdDev outputs are not supported")
        }
        let hasBias = inputs.count > 2 && inputs[2] != nil
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        let (outer, d, normalisedShape, _) = try view(x)
        guard let scale = try parameter(inputs, 1, normalisedShape) else { throw EngineError("\(opType): Scale is required") }
        let mean = forward.outputs[1], rstd = forward.outputs[2]
        var dx = Tensor(shape: x.shape)
        var dScale = Tensor(shape: normalisedShape), dBias = Tensor(shape: normalisedShape)  // (D)
        for row in 0..<outer {
            let base = row * d
            let mu = mean.values[row], inverse = rstd.values[row]
            // dnorm = dy ⊙ scale; dx = rstd · (dnorm − mean(dnorm) − x̂ · mean(dnorm ⊙ x̂))
            var meanDNorm: Float = 0, meanDNormXHat: Float = 0
            for j in 0..<d {
                let xHat = (x.values[base + j] - mu) * inverse
                let dNorm = dy.values[base + j] * scale.values[j]
                meanDNorm += dNorm
                meanDNormXHat += dNorm * xHat
                dScale.values[j] += dy.values[base + j] * xHat
                dBias.values[j] += dy.values[base + j]
            }
            meanDNorm /= Float(d)
            meanDNormXHat /= Float(d)
            for j in 0..<d {
                let xHat = (x.values[base + j] - mu) * inverse
                let dNorm = dy.values[base + j] * scale.values[j]
                dx.values[base + j] = inverse * (dNorm - meanDNorm - xHat * meanDNormXHat)
            }
        }
        var gradients: [Tensor?] = [dx, dScale.summed(toShape: inputs[1]!.shape)]
        if inputs.count > 2 { gradients.append(hasBias ? dBias.summed(toShape: inputs[2]!.shape) : nil) }
        return gradients
    }
}
