import Testing

@testable import NeuralEngine

struct NormalizationTests {
    @Test func batchNormalizationAppliesPerChannelStatistics() throws {
        let x = tensor([1, 2, 2], [1, 3, 10, 20])
        let y = try BatchNormalization(epsilon: 0).forward([
            x, tensor([2], [2, 1]), tensor([2], [0, 1]), tensor([2], [1, 10]), tensor([2], [4, 25]),
        ]).outputs[0]
        expectClose(y.values, [0, 2, 1, 3])
    }

    @Test func batchNormalizationGradientsMatchFiniteDifferences() throws {
        try checkGradients(BatchNormalization(epsilon: 1e-3), [
            randomTensor([2, 3, 4], seed: 1), randomTensor([3], seed: 2), randomTensor([3], seed: 3),
            randomTensor([3], seed: 4), randomTensor([3], seed: 5, in: 0.5...2),
        ])
        try checkGradients(BatchNormalization(), [
            randomTensor([2, 3, 2, 2], seed: 6), randomTensor([3], seed: 7), randomTensor([3], seed: 8),
            randomTensor([3], seed: 9), randomTensor([3], seed: 10, in: 0.5...2),
        ])
    }

    @Test func layerNormalizationNormalisesTheTrailingAxes() throws {
        let x = tensor([2, 2], [1, 3, -2, 2])
        let result = try LayerNormalization(axis: -1, epsilon: 0).forward([x, tensor([2], [1, 2]), tensor([1], [0.5])])
        expectClose(result.outputs[0].values, [-0.5, 2.5, -0.5, 2.5])
        #expect(result.outputs[1] == tensor([2, 1], [2, 0]))
        expectClose(result.outputs[2].values, [1, 0.5])
    }

    @Test func layerNormalizationGradientsMatchFiniteDifferences() throws {
        let x = randomTensor([2, 3, 4], seed: 11, in: -2...2)
        try checkGradients(LayerNormalization(axis: -1), [x, randomTensor([4], seed: 12), randomTensor([4], seed: 13)], outputs: [0])
        try checkGradients(LayerNormalization(axis: 1, epsilon: 1e-3), [x, randomTensor([3, 4], seed: 14), randomTensor([1, 4], seed: 15)], outputs: [0])
        try checkGradients(LayerNormalization(axis: -2), [x, randomTensor([3, 4], seed: 16)], outputs: [0])
    }
}
