import Foundation

/// ONNX `Relu`: `max(0, x)`; the derivative at 0 is taken as 0 (as PyTorch).
public struct Relu: ElementwiseUnary {
    public var opType: String { "Relu" }
    public init() {}
    func value(_ x: Float) -> Float { max(0, x) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

/// ONNX `LeakyRelu`: `x` for x ≥ 0, `alpha · x` below (ONNX default alpha 0.01).
public struct LeakyRelu: ElementwiseUnary {
    public var opType: String { "LeakyRelu" }
    public let alpha: Float
    public init(alpha: Float = 0.01) { self.alpha = alpha }
    func value(_ x: Float) -> Float { x >= 0 ? x : alpha * x }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : alpha }
}

/// ONNX `Elu`: `x` for x > 0, `alpha · (eˣ − 1)` otherwise (default alpha 1).
public struct Elu: ElementwiseUnary {
    public var opType: String { "Elu" }
    public let alpha: Float
    public init(alpha: Float = 1) { self.alpha = alpha }
    func value(_ x: Float) -> Float { x > 0 ? x : alpha * (expf(x) - 1) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : y + alpha }
}

/// ONNX `Selu`: `gamma · x` for x > 0, `gamma · alpha · (eˣ − 1)` otherwise (ONNX defaults).
public struct Selu: ElementwiseUnary {
    public var opType: String { "Selu" }
    public let alpha: Float
    public let gamma: Float
    public init(alpha: Float = 1.67326319217681884765625, gamma: Float = 1.05070102214813232421875) {
        self.alpha = alpha
        self.gamma = gamma
    }
    func value(_ x: Float) -> Float { x > 0 ? gamma * x : gamma * alpha * (expf(x) - 1) }
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? gamma : y + gamma * alpha }
}

/// ONNX `Sigmoid`: `1 / (1 + e⁻ˣ)`.
public struct Sigmoid: ElementwiseUnary {
    public var opType: String { "Sigmoid" }
    public init() {}
    func value(_ x: Float) -> Float { x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) }
    func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

/// ONNX `HardSigmoid`: `max(0, min(1, alpha · x + beta))` (defaults 0.2, 0.5).
public struct HardSigmoid: ElementwiseUnary {
    public var opType: String { "HardSigmoid" }
    public let alpha: Float
    public let beta: Float
    public init(alpha: Float = 0.2, beta: Float = 0.5) {
        self.alpha = alpha
        self.beta = beta
    }
    func value(_ x: Float) -> Float { max(0, min(1, alpha * x + beta)) }
    func derivative(_ x: Float, _ y: Float) -> Float {
        let z = alpha * x + beta
        return z > 0 && z < 1 ? alpha : 0
    }
}

/// ONNX `Tanh`.
public struct Tanh: ElementwiseUnary {
    public var opType: String { "Tanh" }
    public init() {}
    func value(_ x: Float) -> Float { tanhf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

/// ONNX `Clip` with `min`/`max` resolved at import (absent bounds are ∓∞).
///
/// The gradient passes where `min ≤ x ≤ max` (PyTorch's `clamp` convention) and is 0 outside.
public struct Clip: ElementwiseUnary {
    public var opType: String { "Clip" }
    public let min: Float
    public let max: Float
    public init(min: Float = -.infinity, max: Float = .infinity) {
        self.min = min
        self.max = max
    }
    func value(_ x: Float) -> Float { Swift.min(Swift.max(x, min), max) }
    func derivative(_ x: Float, _ y: Float) -> Float { x >= min && x <= max ? 1 : 0 }
}

/// ONNX `PRelu`: `x` for x ≥ 0, `slope · x` below; `slope` broadcasts to X (unidirectionally).
///
/// Shapes: `X (any), slope (broadcastable to X) → Y (X's shape)`; gradients for both.
public struct PRelu: ElementwiseBinary {
    public var opType: String { "PRelu" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { a >= 0 ? a : b * a }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { a > 0 ? (1, 0) : (b, a) }
    func outputShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let shape = try Broadcasting.shape([a, b], opType)
        guard shape == a else {
            throw EngineError.shapeMismatch(opType, "slope shape \(b) does not broadcast to input shape \(a)")
        }
        return shape
    }
}
