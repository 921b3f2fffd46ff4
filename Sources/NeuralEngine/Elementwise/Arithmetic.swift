import Foundation

/// ONNX `Add`: `C = A + B` with multidirectional broadcasting.
public struct Add: ElementwiseBinary {
    public var opType: String { "Add" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { a + b }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (1, 1) }
}

/// ONNX `Sub`: `C = A − B` with multidirectional broadcasting.
public struct Sub: ElementwiseBinary {
    public var opType: String { "Sub" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { a - b }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (1, -1) }
}

/// ONNX `Mul`: `C = A · B` with multidirectional broadcasting.
public struct Mul: ElementwiseBinary {
    public var opType: String { "Mul" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { a * b }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (b, a) }
}

/// ONNX `Div`: `C = A / B` with multidirectional broadcasting.
public struct Div: ElementwiseBinary {
    public var opType: String { "Div" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { a / b }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) { (1 / b, -a / (b * b)) }
}

/// ONNX `Pow`: `Z = X ^ Y` with multidirectional broadcasting.
///
/// ∂Z/∂Y = Z · ln X is taken as 0 where X ≤ 0 (the logarithm is undefined there).
public struct Pow: ElementwiseBinary {
    public var opType: String { "Pow" }
    public init() {}
    func value(_ a: Float, _ b: Float) -> Float { powf(a, b) }
    func partials(_ a: Float, _ b: Float, _ c: Float) -> (Float, Float) {
        (b == 0 ? 0 : b * powf(a, b - 1), a > 0 ? c * logf(a) : 0)
    }
}

/// ONNX `Neg`: `Y = −X`.
public struct Neg: ElementwiseUnary {
    public var opType: String { "Neg" }
    public init() {}
    func value(_ x: Float) -> Float { -x }
    func derivative(_ x: Float, _ y: Float) -> Float { -1 }
}

/// ONNX `Sqrt`: `Y = √X` (NaN for X < 0, as ONNX Runtime).
public struct Sqrt: ElementwiseUnary {
    public var opType: String { "Sqrt" }
    public init() {}
    func value(_ x: Float) -> Float { x.squareRoot() }
    func derivative(_ x: Float, _ y: Float) -> Float { 0.5 / y }
}

/// ONNX `Exp`: `Y = eˣ`.
public struct Exp: ElementwiseUnary {
    public var opType: String { "Exp" }
    public init() {}
    func value(_ x: Float) -> Float { expf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { y }
}

/// ONNX `Log`: `Y = ln X`.
public struct Log: ElementwiseUnary {
    public var opType: String { "Log" }
    public init() {}
    func value(_ x: Float) -> Float { logf(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}
