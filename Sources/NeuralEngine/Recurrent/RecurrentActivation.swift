#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One activation function of an ONNX recurrent operator (`activations`, `activation_alpha`,
/// `activation_beta` of LSTM and GRU).
///
/// `sigmoid` and `tanh` use the rational approximations of Eigen that ONNX Runtime's MLAS uses
/// (`MlasComputeLogistic`, `MlasComputeTanh`): within about 1e-7 absolute of the exact functions,
/// and closer to what ONNX Runtime computes than libm would be. The others are computed directly.
///
/// Backward uses the derivative expressed through the activation's *output* (`sigmoid`: y(1 - y)),
/// so only outputs need to be kept; at the kinks of `relu`, `hardSigmoid`, `leakyRelu` and
/// `thresholdedRelu` the one-sided derivative on the inactive side is taken. `leakyRelu` assumes
/// alpha ≥ 0 (with a negative alpha the output no longer tells the side of the kink).
public enum RecurrentActivation: Sendable, Equatable {
    case sigmoid
    case tanh
    case relu
    /// max(0, min(1, alpha·x + beta)); ONNX defaults alpha 0.2, beta 0.5.
    case hardSigmoid(alpha: Float, beta: Float)
    /// alpha·x + beta.
    case affine(alpha: Float, beta: Float)
    /// x if x ≥ 0, else alpha·x; ONNX default alpha 0.01.
    case leakyRelu(alpha: Float)
    /// x if x > alpha, else 0.
    case thresholdedRelu(alpha: Float)
    /// alpha·tanh(beta·x).
    case scaledTanh(alpha: Float, beta: Float)
    /// x if x ≥ 0, else alpha·(eˣ - 1); ONNX default alpha 1.
    case elu(alpha: Float)
    /// x / (1 + |x|).
    case softsign
    /// log(1 + eˣ).
    case softplus

    /// The names ONNX allows in `activations`, in the spelling of the ONNX specification.
    public static let supportedNames = [
        "Sigmoid", "Tanh", "Relu", "HardSigmoid", "Affine", "LeakyRelu", "ThresholdedRelu",
        "ScaledTanh", "Elu", "Softsign", "Softplus",
    ]

    /// Resolves an ONNX `activations` list with its `activation_alpha` and `activation_beta` lists.
    ///
    /// Follows ONNX Runtime: names are case-insensitive, and alphas and betas are consumed in order
    /// only by the functions that take them (so `["Sigmoid", "LeakyRelu", "Tanh"]` with alphas `[0.1]`
    /// gives LeakyRelu alpha 0.1). Missing values take ONNX Runtime's defaults: LeakyRelu 0.01,
    /// HardSigmoid 0.2 / 0.5, Elu 1.0, anything else 0.
    public static func resolve(names: [String], alphas: [Float] = [], betas: [Float] = []) throws -> [RecurrentActivation] {
        var nextAlpha = alphas.makeIterator()
        var nextBeta = betas.makeIterator()
        return try names.map { name in
            switch name.lowercased() {
            case "sigmoid": return .sigmoid
            case "tanh": return .tanh
            case "relu": return .relu
            case "softsign": return .softsign
            case "softplus": return .softplus
            case "hardsigmoid": return .hardSigmoid(alpha: nextAlpha.next() ?? 0.2, beta: nextBeta.next() ?? 0.5)
            case "affine": return .affine(alpha: nextAlpha.next() ?? 0, beta: nextBeta.next() ?? 0)
            case "leakyrelu": return .leakyRelu(alpha: nextAlpha.next() ?? 0.01)
            case "thresholdedrelu": return .thresholdedRelu(alpha: nextAlpha.next() ?? 0)
            case "scaledtanh": return .scaledTanh(alpha: nextAlpha.next() ?? 0, beta: nextBeta.next() ?? 0)
            case "elu": return .elu(alpha: nextAlpha.next() ?? 1)
            default:
                throw EngineError(
                    "recurrent activation '\(name)' is not supported; supported: \(supportedNames.joined(separator: ", "))")
            }
        }
    }

    /// Applies the function in place to `count` values.
    func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .sigmoid:
            RecurrentActivation.applyVectorized(x, count: count, RecurrentActivation.logistic, RecurrentActivation.logistic)
        case .tanh:
            RecurrentActivation.applyVectorized(x, count: count, RecurrentActivation.rationalTanh, RecurrentActivation.rationalTanh)
        case .relu:
            for j in 0..<count { x[j] = Swift.max(x[j], 0) }
        case let .hardSigmoid(alpha, beta):
            for j in 0..<count { x[j] = Swift.min(Swift.max(alpha * x[j] + beta, 0), 1) }
        case let .affine(alpha, beta):
            for j in 0..<count { x[j] = alpha * x[j] + beta }
        case let .leakyRelu(alpha):
            for j in 0..<count { x[j] = x[j] >= 0 ? x[j] : alpha * x[j] }
        case let .thresholdedRelu(alpha):
            for j in 0..<count { x[j] = x[j] > alpha ? x[j] : 0 }
        case let .scaledTanh(alpha, beta):
            for j in 0..<count { x[j] = alpha * RecurrentActivation.rationalTanh(beta * x[j]) }
        case let .elu(alpha):
            for j in 0..<count { x[j] = x[j] >= 0 ? x[j] : alpha * (expf(x[j]) - 1) }
        case .softsign:
            for j in 0..<count { x[j] = x[j] / (1 + Swift.abs(x[j])) }
        case .softplus:
            for j in 0..<count {
                let v = x[j]
                x[j] = v > 0 ? v + log1pf(expf(-v)) : log1pf(expf(v))
            }
        }
    }

    /// Writes f'(x) for each output y = f(x) into `derivative`.
    func derivative(output y: UnsafePointer<Float>, into derivative: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .sigmoid:
            for j in 0..<count { derivative[j] = y[j] * (1 - y[j]) }
        case .tanh:
            for j in 0..<count { derivative[j] = 1 - y[j] * y[j] }
        case .relu:
            for j in 0..<count { derivative[j] = y[j] > 0 ? 1 : 0 }
        case let .hardSigmoid(alpha, _):
            for j in 0..<count { derivative[j] = y[j] > 0 && y[j] < 1 ? alpha : 0 }
        case let .affine(alpha, _):
            for j in 0..<count { derivative[j] = alpha }
        case let .leakyRelu(alpha):
            for j in 0..<count { derivative[j] = y[j] > 0 ? 1 : alpha }
        case .thresholdedRelu:
            for j in 0..<count { derivative[j] = y[j] != 0 ? 1 : 0 }
        case let .scaledTanh(alpha, beta):
            for j in 0..<count {
                let t = alpha == 0 ? 0 : y[j] / alpha
                derivative[j] = alpha * beta * (1 - t * t)
            }
        case let .elu(alpha):
            for j in 0..<count { derivative[j] = y[j] > 0 ? 1 : y[j] + alpha }
        case .softsign:
            for j in 0..<count {
                let s = 1 - Swift.abs(y[j])
                derivative[j] = s * s
            }
        case .softplus:
            for j in 0..<count { derivative[j] = 1 - expf(-y[j]) }
        }
    }

    /// Applies `vector` to whole 8-lane chunks of `x` and `scalar` to the rest: the same operations in the
    /// same order, so the results are bit-identical to `scalar` everywhere (no FMA contraction either way).
    @inline(__always)
    static func applyVectorized(
        _ x: UnsafeMutablePointer<Float>, count: Int,
        _ vector: (SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float) -> Float
    ) {
        let raw = UnsafeMutableRawPointer(x)
        var j = 0
        while j + 8 <= count {
            let chunk = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            raw.storeBytes(of: vector(chunk), toByteOffset: j * 4, as: SIMD8<Float>.self)
            j += 8
        }
        while j < count {
            x[j] = scalar(x[j])
            j += 1
        }
    }

    /// `logistic` on 8 lanes at once.
    @inline(__always)
    static func logistic(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let v = x.replacing(with: -18, where: x .< -18).replacing(with: 18, where: x .> 18)
        let v2 = v * v
        var p = v2 * 4.37031012579801e-11 + 1.15627324459942e-07
        p = p * v2 + 6.08574864600143e-05
        p = p * v2 + 8.51377133304701e-03
        p = p * v2 + 2.48287947061529e-01
        p = p * v
        var q = v2 * 6.10247389755681e-13 + 5.76102136993427e-09
        q = q * v2 + 6.29106785017040e-06
        q = q * v2 + 1.70198817374094e-03
        q = q * v2 + 1.16817656904453e-01
        q = q * v2 + 9.93151921023180e-01
        let r = p / q + 0.5
        return r.replacing(with: 0, where: r .< 0).replacing(with: 1, where: r .> 1)
    }

    /// `rationalTanh` on 8 lanes at once.
    @inline(__always)
    static func rationalTanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let v = x.replacing(with: -9, where: x .< -9).replacing(with: 9, where: x .> 9)
        let v2 = v * v
        var p = v2 * -2.76076847742355e-16 + 2.00018790482477e-13
        p = p * v2 + -8.60467152213735e-11
        p = p * v2 + 5.12229709037114e-08
        p = p * v2 + 1.48572235717979e-05
        p = p * v2 + 6.37261928875436e-04
        p = p * v2 + 4.89352455891786e-03
        p = p * v
        var q = v2 * 1.19825839466702e-06 + 1.18534705686654e-04
        q = q * v2 + 2.26843463243900e-03
        q = q * v2 + 4.89352518554385e-03
        return p / q
    }

    /// Logistic function as MLAS computes it: input clamped to [-18, 18], odd rational of degree
    /// 9 / 10 in x, plus 0.5, clamped to [0, 1]. One lane of the 8-lane form, so both agree bit for bit.
    @inline(__always)
    static func logistic(_ x: Float) -> Float {
        logistic(SIMD8(repeating: x))[0]
    }

    /// Hyperbolic tangent as MLAS computes it: input clamped to [-9, 9], odd rational of degree
    /// 13 / 6 in x. One lane of the 8-lane form.
    @inline(__always)
    static func rationalTanh(_ x: Float) -> Float {
        rationalTanh(SIMD8(repeating: x))[0]
    }
}
