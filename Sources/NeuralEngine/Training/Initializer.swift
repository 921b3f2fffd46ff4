import Foundation

/// Seeded parameter initialisers, for re-initialising an architecture before (synthetic) training.
///
/// Fans follow PyTorch: for a weight `(out, in, k…)`, `fanIn = in · Πk`, `fanOut = out · Πk`
/// (a Linear/Gemm weight stored `(out, in)`); a 1-D tensor has `fanIn = fanOut = count`.
public enum Initializer {
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else { return (max(1, shape.first ?? 1), max(1, shape.first ?? 1)) }
        let receptive = shape[2...].reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// Uniform on `[−bound, bound]`.
    public static func uniform(shape: [Int], bound: Float, using generator: inout some RandomNumberGenerator) -> Tensor {
        var tensor = Tensor(shape: shape)
        for index in 0..<tensor.count { tensor.values[index] = Float.random(in: -bound...bound, using: &generator) }
        return tensor
    }

    /// Normal with mean 0 and standard deviation `std` (Box–Muller).
    public static func normal(shape: [Int], std: Float, using generator: inout some RandomNumberGenerator) -> Tensor {
        var tensor = Tensor(shape: shape)
        for index in 0..<tensor.count {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            tensor.values[index] = std * Float((-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2))
        }
        return tensor
    }

    /// Glorot (Xavier) uniform: bound `√(6 / (fanIn + fanOut))` (Keras' default kernel initialiser).
    public static func glorotUniform(shape: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
        let (fanIn, fanOut) = fans(shape)
        return uniform(shape: shape, bound: (6 / Float(fanIn + fanOut)).squareRoot(), using: &generator)
    }

    /// He (Kaiming) normal for ReLU layers: standard deviation `√(2 / fanIn)`.
    public static func heNormal(shape: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
        normal(shape: shape, std: (2 / Float(fans(shape).fanIn)).squareRoot(), using: &generator)
    }

    /// PyTorch's default for `Linear`/`Conv` weights, `kaiming_uniform_(a=√5)`: bound
    /// `√(6 / ((1 + a²) · fanIn)) = 1/√fanIn`.
    public static func pytorchDefaultWeight(shape: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
        uniform(shape: shape, bound: 1 / Float(fans(shape).fanIn).squareRoot(), using: &generator)
    }

    /// PyTorch's default bias for a layer whose weight has `weightShape`: uniform `±1/√fanIn`.
    public static func pytorchDefaultBias(count: Int, weightShape: [Int], using generator: inout some RandomNumberGenerator) -> Tensor {
        uniform(shape: [count], bound: 1 / Float(fans(weightShape).fanIn).squareRoot(), using: &generator)
    }
}
