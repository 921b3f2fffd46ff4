import Testing

@testable import NeuralEngine

/// A tensor of `shape` with values drawn uniformly from `range`, reproducible from `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = SplitMix64(seed: seed)
    var tensor = Tensor(shape: shape)
    for index in 0..<tensor.count { tensor.values[index] = Float.random(in: range, using: &generator) }
    return tensor
}

/// Like `randomTensor`, but every value has magnitude at least `margin`, so a finite-difference step
/// smaller than `margin` never crosses the kink at 0 of ReLU-like functions.
func randomTensorAwayFromZero(_ shape: [Int], seed: UInt64, margin: Float = 0.1) -> Tensor {
    var tensor = randomTensor(shape, seed: seed)
    for index in 0..<tensor.count {
        let value = tensor.values[index]
        tensor.values[index] = (value < 0 ? -1 : 1) * (margin + abs(value))
    }
    return tensor
}

/// Values `0, step, 2·step, …` in shuffled order: all distinct by `step`, so max/argmax never ties
/// under a finite-difference step below `step / 2`.
func distinctTensor(_ shape: [Int], seed: UInt64, step: Float = 0.1) -> Tensor {
    var generator = SplitMix64(seed: seed)
    let count = shape.reduce(1, *)
    let values = (0..<count).map { Float($0) * step - Float(count) * step / 2 }.shuffled(using: &generator)
    return Tensor(shape, values)
}

/// Shorthand for a literal tensor in tests.
func tensor(_ shape: [Int], _ values: [Float]) -> Tensor {
    Tensor(shape, values)
}

/// Checks `op.backward` against central finite differences.
///
/// The loss is `Σₖ Σ outputₖ ⊙ wₖ` with fixed random weights `wₖ` (so every output element matters
/// with a different weight), summed in Float64. Each element of each input in `wrt` is perturbed by
/// `±h · max(1, |x|)` in float32 and the analytic gradient must satisfy
/// `|analytic − numeric| ≤ tolerance · max(1, |numeric|)`.
///
/// Tolerance: 2e-3 for every operator. With h = 1e-2 the truncation error is O(h²·f‴) ≈ 1e-4…5e-4
/// (the largest seen: 5.2e-4 in the unary-activation test, 3.3e-4 in the broadcasting arithmetic
/// test, 1.6e-4 for LayerNormalization; every other test stays below 1e-4), and float32 rounding
/// of the perturbed input and of the outputs adds ~1e-5. A wrong factor or a missing term shows up
/// as 1e-1 or more (see GradientCheckTests). Inputs must keep clear of kinks (ReLU at 0, ties in
/// Max) by more than `h` — the helpers above build such data. Reports the largest difference,
/// with the tolerance, on failure.
func checkGradients(
    _ op: some Operator, _ inputs: [Tensor?], wrt: [Int]? = nil, outputs checkedOutputs: [Int]? = nil,
    h: Float = 1e-2, tolerance: Float = 2e-3, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let forward = try op.forward(inputs)
    let outputIndices = checkedOutputs ?? Array(forward.outputs.indices)
    let weights = forward.outputs.enumerated().map { index, output in
        randomTensor(output.shape, seed: 1000 + UInt64(index), in: -1...1)
    }
    func loss(_ inputs: [Tensor?]) throws -> Double {
        let outputs = try op.forward(inputs).outputs
        var total: Double = 0
        for index in outputIndices {
            for (value, weight) in zip(outputs[index].values, weights[index].values) {
                total += Double(value) * Double(weight)
            }
        }
        return total
    }
    let outputGradients: [Tensor?] = forward.outputs.indices.map { outputIndices.contains($0) ? weights[$0] : nil }
    let analytic = try op.backward(inputs, forward: forward, outputGradients: outputGradients)
    #expect(analytic.count == inputs.count, "backward returned \(analytic.count) gradients for \(inputs.count) inputs", sourceLocation: sourceLocation)

    for inputIndex in wrt ?? inputs.indices.filter({ inputs[$0] != nil }) {
        guard let input = inputs[inputIndex] else { continue }
        guard let gradient = analytic[inputIndex] else {
            Issue.record("\(op.opType): no gradient for input \(inputIndex)", sourceLocation: sourceLocation)
            continue
        }
        #expect(gradient.shape == input.shape, "\(op.opType): gradient of input \(inputIndex) has shape \(gradient.shape), input \(input.shape)", sourceLocation: sourceLocation)
        var worst: (difference: Float, element: Int, analytic: Float, numeric: Float) = (0, -1, 0, 0)
        for element in 0..<input.count {
            let step = h * max(1, abs(input.values[element]))
            var plus = inputs, minus = inputs
            plus[inputIndex]!.values[element] += step
            minus[inputIndex]!.values[element] -= step
            let numeric = Float((try loss(plus) - loss(minus)) / Double(2 * step))
            let difference = abs(gradient.values[element] - numeric) / max(1, abs(numeric))
            if difference > worst.difference { worst = (difference, element, gradient.values[element], numeric) }
        }
        #expect(
            worst.difference <= tolerance,
            "\(op.opType) input \(inputIndex): largest relative difference \(worst.difference) at element \(worst.element) (analytic \(worst.analytic), numeric \(worst.numeric)) exceeds tolerance \(tolerance)",
            sourceLocation: sourceLocation)
    }
}

/// Expects two float arrays equal within an absolute tolerance, reporting the largest difference.
func expectClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "counts \(actual.count) vs \(expected.count)", sourceLocation: sourceLocation)
    let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "largest difference \(worst) exceeds \(tolerance): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
}
