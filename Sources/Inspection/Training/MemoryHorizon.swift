import NeuralEngine

/// How far from `t0` a per-step output still depends on the input: `d per_step[0, t0, 0] / d series`.
///
/// Magnitude per input bin = the L2 norm over the three channels. The horizon on each side is the
/// largest lag (in input bins, from the centre of t0's input window) at which the magnitude is still
/// ≥ `threshold · peak`: beyond it the gradient stays below the threshold. Both lags are 0 when the
/// gradient is 0 everywhere (`peak == 0`: the output does not depend on the series at all).
public struct MemoryHorizon: Sendable, Equatable {
    /// Magnitude per input bin (4,096).
    public var magnitudes: [Float]
    public var peak: Float
    /// The input bin at the centre of t0's window: `t0 · binsPerStep + binsPerStep / 2`.
    public var centreBin: Int
    public var leftLag: Int
    public var rightLag: Int
    public var threshold: Float

    /// The larger of the two sides' horizons.
    public var lag: Int { max(leftLag, rightLag) }

    /// Runs `graph` on one example and differentiates `per_step[0, t0, 0]` (t0 = the midpoint by default).
    public static func measure(graph: Graph, example: TrainingExample, t0: Int? = nil, threshold: Float = 1e-3) throws -> MemoryHorizon {
        let executor = GraphExecutor(graph: graph)
        let execution = try executor.run(TrainingExample.feeds([example]))
        let perStep = execution.values["per_step"]!  // (1, T', 1)
        let steps = perStep.shape[1]
        let t = t0 ?? steps / 2
        let gradient = try executor.gradients(
            of: execution, seeds: ["per_step": .oneHot(shape: perStep.shape, index: [0, t, 0])])["series"]!  // (1, 4096, 3)
        let bins = SequenceInputEncoding.binCount
        let binsPerStep = bins / steps
        var magnitudes = [Float](repeating: 0, count: bins)
        for bin in 0..<bins {
            let g = gradient.values[(3 * bin)..<(3 * bin + 3)]
            magnitudes[bin] = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        return MemoryHorizon(magnitudes: magnitudes, centreBin: t * binsPerStep + binsPerStep / 2, threshold: threshold)
    }

    public init(magnitudes: [Float], centreBin: Int, threshold: Float = 1e-3) {
        self.magnitudes = magnitudes
        self.centreBin = centreBin
        self.threshold = threshold
        peak = magnitudes.max() ?? 0
        let cut = threshold * peak
        guard peak > 0 else {
            leftLag = 0
            rightLag = 0
            return
        }
        var left = 0
        for bin in 0..<centreBin where magnitudes[bin] >= cut {
            left = centreBin - bin
            break
        }
        var right = 0
        for bin in stride(from: magnitudes.count - 1, to: centreBin, by: -1) where magnitudes[bin] >= cut {
            right = bin - centreBin
            break
        }
        leftLag = left
        rightLag = right
    }
}
