import Testing

@testable import NeuralEngine

struct ReductionTests {
    let x = tensor([2, 3], [1, 2, 3, 4, 5, 6])

    @Test func reductionsOverOneAxisKeepOrDropIt() throws {
        #expect(try ReduceSum(axes: [1]).forward([x]).outputs[0] == tensor([2, 1], [6, 15]))
        #expect(try ReduceSum(axes: [-2], keepDims: false).forward([x]).outputs[0] == tensor([3], [5, 7, 9]))
        #expect(try ReduceMean(axes: [0], keepDims: false).forward([x]).outputs[0] == tensor([3], [2.5, 3.5, 4.5]))
        #expect(try ReduceMax(axes: [-1], keepDims: false).forward([x]).outputs[0] == tensor([2], [3, 6]))
        #expect(try ReduceProd(axes: [1], keepDims: false).forward([x]).outputs[0] == tensor([2], [6, 120]))
    }

    @Test func emptyAxesReduceEverythingUnlessNoop() throws {
        #expect(try ReduceSum().forward([x]).outputs[0] == tensor([1, 1], [21]))
        #expect(try ReduceMean(keepDims: false).forward([x]).outputs[0] == Tensor.scalar(3.5))
        #expect(try ReduceSum(noopWithEmptyAxes: true).forward([x]).outputs[0] == x)
    }

    @Test func reductionGradientsMatchFiniteDifferences() throws {
        let input = distinctTensor([2, 3, 4], seed: 1, step: 0.1)
        for axes in [[1], [-1], [0, 2], []] {
            for keep in [true, false] {
                try checkGradients(ReduceSum(axes: axes, keepDims: keep), [input])
                try checkGradients(ReduceMean(axes: axes, keepDims: keep), [input])
                try checkGradients(ReduceMax(axes: axes, keepDims: keep), [input])
            }
        }
        let positive = randomTensor([2, 3, 2], seed: 2, in: 0.5...1.5)
        try checkGradients(ReduceProd(axes: [1], keepDims: false), [positive])
        try checkGradients(ReduceProd(axes: [-1, 0]), [positive])
    }

    @Test func reduceProdGradientSurvivesAZeroFactor() throws {
        let input = tensor([3], [0, 2, 3])
        let op = ReduceProd(axes: [0])
        let forward = try op.forward([input])
        let gradient = try op.backward([input], forward: forward, outputGradients: [tensor([1], [1])])[0]
        #expect(gradient == tensor([3], [6, 0, 0]))
    }
}
