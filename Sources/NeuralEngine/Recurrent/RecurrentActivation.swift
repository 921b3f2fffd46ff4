import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One activation function of an ONNX recurrent operator (`activations`, `activation_alpha`,
/// `activation_beta` of LSTM and GRU).
///
/// `sigmoid`, `tanh` and `scaledTanh` use the rational approximations of Eigen that ONNX Runtime's MLAS
/// uses (`MlasComputeLogistic`, `MlasComputeTanh`; the C kernels of `CKernels`, built per x86-64
/// level): within about 1e-7 absolute of the exact functions, and closer to what ONNX Runtime computes
/// than libm would be. The others are computed directly.
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
            auscult_logistic(x, count)
        case .tanh:
            auscult_tanh(x, count)
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
            for j in 0..<count { x[j] *= beta }
            auscult_tanh(x, count)
            for j in 0..<count { x[j] *= alpha }
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
}
