/// Integrated gradients (Sundararajan et al., 2017) of one output with respect to one input, by the
/// midpoint rule: attribution = (x − baseline) ⊙ mean over k of ∇F(baseline + αₖ (x − baseline)),
/// αₖ = (k + ½) / steps.
///
/// The attributions sum to about F(x) − F(baseline) (completeness); the gap shrinks as `steps` grows
/// (the midpoint rule's error is O(1/steps²) for a smooth F).
public enum IntegratedGradients {
    /// The path points αₖ at which to evaluate the gradient.
    public static func alphas(steps: Int) -> [Float] {
        (0..<steps).map { (Float($0) + 0.5) / Float(steps) }
    }

    /// `baseline + α (input − baseline)` for each α.
    public static func pathPoints(input: [Float], baseline: [Float], steps: Int) -> [[Float]] {
        precondition(input.count == baseline.count, "input and baseline differ in size")
        return alphas(steps: steps).map { alpha in
            zip(input, baseline).map { x, b in b + alpha * (x - b) }
        }
    }

    /// `(input − baseline) ⊙ mean(gradients)`, with one gradient per path point.
    public static func attributions(input: [Float], baseline: [Float], gradients: [[Float]]) -> [Float] {
        precondition(!gradients.isEmpty, "no gradients")
        var mean = [Float](repeating: 0, count: input.count)
        for gradient in gradients {
            for index in mean.indices { mean[index] += gradient[index] }
        }
        let scale = 1 / Float(gradients.count)
        return mean.indices.map { (input[$0] - baseline[$0]) * mean[$0] * scale }
    }
}
