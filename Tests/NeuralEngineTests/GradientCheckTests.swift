import Testing

@testable import NeuralEngine

/// `y = x²` whose backward wrongly returns `x` instead of `2x`: the checker must catch it.
private struct SquareWithWrongBackward: Operator {
    var opType: String { "SquareWithWrongBackward" }
    func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        ForwardResult(outputs: [Tensor(inputs[0]!.shape, inputs[0]!.values.map { $0 * $0 })])
    }
    func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        [Tensor(inputs[0]!.shape, zip(inputs[0]!.values, outputGradients[0]!.values).map { $0 * $1 })]
    }
}

struct GradientCheckTests {
    @Test func finiteDifferenceCheckerCatchesAWrongDerivative() {
        withKnownIssue {
            try checkGradients(SquareWithWrongBackward(), [randomTensor([5], seed: 1)])
        }
    }

    @Test func broadcastGradientSumsOverBroadcastAxes() {
        let gradient = tensor([2, 3], [1, 2, 3, 4, 5, 6])
        #expect(gradient.summed(toShape: [3]) == tensor([3], [5, 7, 9]))
        #expect(gradient.summed(toShape: [2, 1]) == tensor([2, 1], [6, 15]))
        #expect(gradient.summed(toShape: []) == Tensor.scalar(21))
        #expect(tensor([3], [1, 2, 3]).broadcast(to: [2, 3]) == tensor([2, 3], [1, 2, 3, 1, 2, 3]))
    }

    @Test func blasMultipliesTransposedOperands() {
        var c = [Float](repeating: 1, count: 4)
        // Aᵀ with A = [[1, 3, 5], [2, 4, 6]] stored (3, 2); B stored transposed (2, 3).
        BLAS.sgemm(transA: true, transB: true, m: 2, n: 2, k: 3, [1, 4, 2, 5, 3, 6], [7, 9, 11, 8, 10, 12], beta: 1, into: &c)
        #expect(c == [59, 65, 140, 155])
    }

    @Test func blasThreadCountIsConfigurable() {
        let original = BLAS.threadCount
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
        BLAS.setThreadCount(original)
        #expect(BLAS.threadCount == original)
    }
}
