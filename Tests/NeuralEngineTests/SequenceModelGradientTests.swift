import Testing

@testable import NeuralEngine

/// A small DeepHeart-shaped graph as torch's exporter writes it: series (N, T, 2) → Transpose
/// [0, 2, 1] → Conv k3 → Elu → Conv k3 (dilation 2) → Tanh → Transpose → MatMul head → Add(bias, x)
/// → per_step (N, T, 1) → ReduceMean over T → Sigmoid → score (N, 1). Smooth activations keep the
/// finite differences away from kinks.
func sequenceGraph(steps: Int) -> Graph {
    Graph(
        inputs: [(name: "series", shape: [-1, steps, 2])],
        parameters: [
            "conv0.weight": randomTensor([4, 2, 3], seed: 201), "conv0.bias": randomTensor([4], seed: 202),
            "conv1.weight": randomTensor([4, 4, 3], seed: 203), "conv1.bias": randomTensor([4], seed: 204),
            "head.weight": randomTensor([4, 1], seed: 205), "head.bias": randomTensor([1], seed: 206),
        ],
        nodes: [
            .init(name: "to_channels", op: Transpose(perm: [0, 2, 1]), inputs: ["series"], outputs: ["x0"]),
            .init(name: "conv0", op: Conv(pads: [1, 1]), inputs: ["x0", "conv0.weight", "conv0.bias"], outputs: ["c0"]),
            .init(name: "elu", op: Elu(), inputs: ["c0"], outputs: ["a0"]),
            .init(name: "conv1", op: Conv(dilations: [2], pads: [2, 2]), inputs: ["a0", "conv1.weight", "conv1.bias"], outputs: ["c1"]),
            .init(name: "tanh", op: Tanh(), inputs: ["c1"], outputs: ["a1"]),
            .init(name: "to_steps", op: Transpose(perm: [0, 2, 1]), inputs: ["a1"], outputs: ["features"]),
            .init(name: "head", op: MatMul(), inputs: ["features", "head.weight"], outputs: ["projected"]),
            .init(name: "head_bias", op: Add(), inputs: ["head.bias", "projected"], outputs: ["per_step"]),
            .init(name: "pool", op: ReduceMean(axes: [1], keepDims: false), inputs: ["per_step"], outputs: ["pooled"]),
            .init(name: "score", op: Sigmoid(), inputs: ["pooled"], outputs: ["score"]),
        ],
        outputs: ["per_step", "score"])
}

struct SequenceModelGradientTests {
    let steps = 16
    var series: Tensor { randomTensor([3, steps, 2], seed: 207) }

    @Test func perStepElementGradientMatchesFiniteDifferencesForInputsAndParameters() throws {
        let graph = sequenceGraph(steps: steps)
        let executor = GraphExecutor(graph: graph)
        let seed = Tensor.oneHot(shape: [3, steps, 1], index: [1, 8, 0])
        let gradients = try executor.gradients(of: try executor.run(["series": series]), seeds: ["per_step": seed])
        for name in ["series", "conv0.weight", "conv0.bias", "conv1.weight", "head.weight", "head.bias"] {
            let numeric = try graphFiniteDifference(graph, feeds: ["series": series], output: "per_step", seed: seed, wrt: name)
            let worst = zip(gradients[name]!.values, numeric.values).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst <= 2e-3, "d per_step[1, 8, 0] / d \(name): largest relative difference \(worst), tolerance 2e-3")
        }
    }

    @Test func gradientIsZeroOutsideTheReceptiveFieldAndInOtherRows() throws {
        let executor = GraphExecutor(graph: sequenceGraph(steps: steps))
        let seed = Tensor.oneHot(shape: [3, steps, 1], index: [1, 8, 0])
        let gradient = try executor.gradients(of: try executor.run(["series": series]), seeds: ["per_step": seed])["series"]!
        // Conv k3 then Conv k3 with dilation 2 see steps 8 − 3 … 8 + 3 of row 1 only.
        for row in 0..<3 {
            for step in 0..<steps {
                let magnitude = abs(gradient[[row, step, 0]]) + abs(gradient[[row, step, 1]])
                if row == 1 && abs(step - 8) <= 3 {
                    #expect(magnitude > 0, "row \(row) step \(step) should have a gradient")
                } else {
                    #expect(magnitude == 0, "row \(row) step \(step) is outside the receptive field")
                }
            }
        }
    }

    @Test func perRowSeedsGiveEachRowItsOwnElementGradientInOnePass() throws {
        let executor = GraphExecutor(graph: sequenceGraph(steps: steps))
        let execution = try executor.run(["series": series])
        let together = try executor.gradients(
            of: execution, seeds: ["per_step": .oneHotPerBatchRow(shape: [3, steps, 1], indexInRow: [8, 0])])["series"]!
        let rowSize = steps * 2
        for row in 0..<3 {
            let alone = try executor.gradients(of: execution, seeds: ["per_step": .oneHot(shape: [3, steps, 1], index: [row, 8, 0])])["series"]!
            let range = (row * rowSize)..<((row + 1) * rowSize)
            expectClose(Array(together.values[range]), Array(alone.values[range]), tolerance: 0)
        }
    }

    @Test func pooledScoreGradientMatchesFiniteDifferences() throws {
        let graph = sequenceGraph(steps: steps)
        let executor = GraphExecutor(graph: graph)
        let seed = tensor([3, 1], [1, -0.5, 2])
        let gradients = try executor.gradients(of: try executor.run(["series": series]), seeds: ["score": seed])
        let numeric = try graphFiniteDifference(graph, feeds: ["series": series], output: "score", seed: seed, wrt: "series")
        let worst = zip(gradients["series"]!.values, numeric.values).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        #expect(worst <= 2e-3, "d score / d series: largest relative difference \(worst), tolerance 2e-3")
    }
}
