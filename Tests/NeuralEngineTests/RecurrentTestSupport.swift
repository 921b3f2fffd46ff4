import Foundation
import Testing

@testable import NeuralEngine

/// Helpers shared by RecurrentLSTMTests and RecurrentGRUTests: seeded random tensors, exact Float64
/// activations, a tolerance check that prints the largest error, and a central-difference gradient check.

enum RecurrentTesting {
    /// SplitMix64: a small seeded generator so every test sees the same numbers on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A tensor of `shape` with values uniform in [-scale, scale].
    static func randomTensor(_ shape: [Int], scale: Float = 0.5, _ rng: inout Generator) -> Tensor {
        let values = (0..<shape.reduce(1, *)).map { _ in Float.random(in: -scale...scale, using: &rng) }
        return Tensor(shape: shape, values: values)!
    }

    /// The activation evaluated exactly in Float64, written out from the ONNX operator documentation.
    static func exactActivation(_ activation: RecurrentActivation, _ x: Double) -> Double {
        switch activation {
        case .sigmoid: return 1 / (1 + exp(-x))
        case .tanh: return tanh(x)
        case .relu: return max(0, x)
        case let .hardSigmoid(alpha, beta): return min(max(Double(alpha) * x + Double(beta), 0), 1)
        case let .affine(alpha, beta): return Double(alpha) * x + Double(beta)
        case let .leakyRelu(alpha): return x >= 0 ? x : Double(alpha) * x
        case let .thresholdedRelu(alpha): return x > Double(alpha) ? x : 0
        case let .scaledTanh(alpha, beta): return Double(alpha) * tanh(Double(beta) * x)
        case let .elu(alpha): return x >= 0 ? x : Double(alpha) * (exp(x) - 1)
        case .softsign: return x / (1 + abs(x))
        case .softplus: return log(1 + exp(x))
        }
    }

    /// Clamps to [-clip, clip] when a clip is set.
    static func clipped(_ x: Double, _ clip: Float?) -> Double {
        guard let clip else { return x }
        return min(max(x, -Double(clip)), Double(clip))
    }

    /// Expects `actual` to match `expected` within `tolerance` relative to the larger of 1 and the
    /// largest expected magnitude, printing the largest difference either way.
    static func expectClose(
        _ actual: Tensor, _ expected: [Double], tolerance: Double, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, "\(label): \(actual.count) values, expected \(expected.count)")
        guard actual.count == expected.count else { return }
        let scale = max(1, expected.map(abs).max() ?? 0)
        var worst = 0.0
        var worstIndex = 0
        for (index, (a, e)) in zip(actual.values, expected).enumerated() where abs(Double(a) - e) > worst {
            worst = abs(Double(a) - e)
            worstIndex = index
        }
        print("\(label): largest difference \(worst) at \(worstIndex) (tolerance \(tolerance * scale))")
        #expect(worst <= tolerance * scale, "\(label): largest difference \(worst) at index \(worstIndex)", sourceLocation: sourceLocation)
    }

    /// Requires every saved pre-clip gate input (`saved[2]` of LSTM and GRU) to lie further than
    /// 2·`step` from ±clip, so central differences never straddle the clip's kink.
    static func requireGateInputsAwayFromClip(
        _ result: ForwardResult, clip: Float, step: Float, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let margin = result.saved[2].values.map { abs(abs($0) - clip) }.min() ?? .infinity
        try #require(margin > 2 * step, "a gate input lies \(margin) from the clip bound", sourceLocation: sourceLocation)
    }

    /// Σ over outputs of seed ⊙ output, accumulated in Float64.
    static func seededLoss(_ outputs: [Tensor], _ seeds: [Tensor?]) -> Double {
        var loss = 0.0
        for (output, seed) in zip(outputs, seeds) {
            guard let seed else { continue }
            for (o, s) in zip(output.values, seed.values) { loss += Double(o) * Double(s) }
        }
        return loss
    }

    /// Compares `op.backward` with central differences of the seeded loss for every element of the
    /// inputs at `checked`, perturbing the float32 input by ±`step`.
    ///
    /// The check passes when |numeric − analytic| ≤ `relativeTolerance` · max(|analytic|, `floor`).
    /// With step 1e-2 on values of order 0.5 the truncation error (step²/6 · third derivative) is
    /// around 1e-5, and float32 rounding of a loss of order 1 (~1e-7 relative, amplified a little by the
    /// recurrence) divided by 2·step adds ~1e-5; 1e-2 relative with an absolute floor of 1e-3 is
    /// therefore loose enough never to flake and tight enough to catch any wrong term (a missing or
    /// misplaced term changes gradients by O(0.1)).
    ///
    /// `samples` limits the check to that many evenly spaced elements per input (all when nil).
    static func expectGradientsMatchFiniteDifferences(
        _ op: some Operator, inputs: [Tensor?], seeds: [Tensor?], checked: [Int], label: String,
        step: Float = 1e-2, relativeTolerance: Double = 1e-2, floor: Double = 0.1, samples: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let forward = try op.forward(inputs)
        let analytic = try op.backward(inputs, forward: forward, outputGradients: seeds)
        var worstRatio = 0.0
        var worstDescription = "none"
        for index in checked {
            guard let input = inputs[index] else { continue }
            let gradient = try #require(analytic[index], "\(label): no gradient for input \(index)")
            #expect(gradient.shape == input.shape, "\(label): gradient \(index) has shape \(gradient.shape), input \(input.shape)")
            for element in stride(from: 0, to: input.count, by: max(1, input.count / (samples ?? input.count))) {
                var perturbed = inputs
                perturbed[index]!.values[element] = input.values[element] + step
                let plus = seededLoss(try op.forward(perturbed).outputs, seeds)
                perturbed[index]!.values[element] = input.values[element] - step
                let minus = seededLoss(try op.forward(perturbed).outputs, seeds)
                let numeric = (plus - minus) / (2 * Double(step))
                let value = Double(gradient.values[element])
                let ratio = abs(numeric - value) / (relativeTolerance * max(abs(value), floor))
                if ratio > worstRatio {
                    worstRatio = ratio
                    worstDescription = "input \(index)[\(element)]: analytic \(value), numeric \(numeric)"
                }
            }
        }
        print("\(label): worst gradient \(worstDescription), \(worstRatio) of tolerance")
        #expect(worstRatio <= 1, "\(label): \(worstDescription)", sourceLocation: sourceLocation)
    }
}
