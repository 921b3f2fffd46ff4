/// ONNX `BatchNormalization` in inference mode: `y = scale · (x − mean) / √(var + ε) + B` per channel.
///
/// Shapes: `X (N, C, …)`, `scale, B, mean, var (C)` → `Y (N, C, …)`. Training mode (running-statistics
/// outputs) is not supported. Gradients for X, scale, B, mean and var.
public struct BatchNormalization: Operator {
    public var opType: String { "BatchNormalization" }
    public let epsilon: Float
    public init(epsilon: Float = 1e-5) { self.epsilon = epsilon }

    private func view(_ inputs: [Tensor?]) throws -> (x: Tensor, parameters: [Tensor], channels: Int, inner: Int) {
        let x = try requireInput(inputs, 0, opType)
        let parameters = try (1...4).map { try requireInput(inputs, $0, opType) }
        guard x.rank >= 2, parameters.allSatisfy({ $0.shape == [x.shape[1]] }) else {
            throw EngineError.shapeMismatch(opType, "input \(x.shape) needs scale, B, mean and var of shape [C]; got \(parameters.map(\.shape))")
        }
        return (x, parameters, x.shape[1], x.shape[2...].reduce(1, *))
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let (x, p, channels, inner) = try view(inputs)
        var y = x  // (N, C, …)
        for index in 0..<y.count {
            let c = (index / inner) % channels
            y.values[index] = p[0].values[c] * (x.values[index] - p[2].values[c]) / (p[3].values[c] + epsilon).squareRoot() + p[1].values[c]
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil, nil, nil, nil, nil] }
        let (x, p, channels, inner) = try view(inputs)
        var dx = Tensor(shape: x.shape)
        var dScale = Tensor(shape: [channels]), dBias = Tensor(shape: [channels])
        var dMean = Tensor(shape: [channels]), dVariance = Tensor(shape: [channels])
        for index in 0..<x.count {
            let c = (index / inner) % channels
            let inverse = 1 / (p[3].values[c] + epsilon).squareRoot()
            let centred = x.values[index] - p[2].values[c]
            let g = dy.values[index]
            dx.values[index] = g * p[0].values[c] * inverse
            dScale.values[c] += g * centred * inverse
            dBias.values[c] += g
            dMean.values[c] -= g * p[0].values[c] * inverse
            dVariance.values[c] -= 0.5 * g * p[0].values[c] * centred * inverse * inverse * inverse
        }
        return [dx, dScale, dBias, dMean, dVariance]
    }
}
