import Foundation
import Testing

@testable import NeuralEngine

struct LinearTests {
    @Test func gemmMatchesTheProductWorkedByHand() throws {
        let a = tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let b = tensor([3, 2], [7, 8, 9, 10, 11, 12])
        let c = tensor([2], [1, -1])
        let y = try Gemm(alpha: 2, beta: 3).forward([a, b, c]).outputs[0]
        let expected: [Float] = [119, 125, 281, 305]  // 2·AB + 3·C, AB = [58, 64; 139, 154]
        #expect(y.values == expected)
        let transposed = try Gemm(transA: true, transB: true).forward([
            tensor([3, 2], [1, 4, 2, 5, 3, 6]), tensor([2, 3], [7, 9, 11, 8, 10, 12]),
        ]).outputs[0]
        #expect(transposed.values == [58, 64, 139, 154])
    }

    @Test func gemmGradientsMatchFiniteDifferencesForEveryTransposition() throws {
        for transA in [false, true] {
            for transB in [false, true] {
                let a = randomTensor(transA ? [4, 3] : [3, 4], seed: 1)
                let b = randomTensor(transB ? [5, 4] : [4, 5], seed: 2)
                let op = Gemm(alpha: 0.7, beta: 1.3, transA: transA, transB: transB)
                try checkGradients(op, [a, b, randomTensor([1, 5], seed: 3)])
                try checkGradients(op, [a, b, randomTensor([3, 1], seed: 4)])
                try checkGradients(op, [a, b])
                try checkGradients(op, [a, b, Tensor.scalar(0.25)])
            }
        }
    }

    @Test func matMulPromotesVectorsAndRemovesThePromotedAxis() throws {
        let m = tensor([2, 3], [1, 2, 3, 4, 5, 6])
        let v = tensor([3], [1, 0, -1])
        #expect(try MatMul().forward([m, v]).outputs[0] == tensor([2], [-2, -2]))
        #expect(try MatMul().forward([tensor([2], [1, 1]), m]).outputs[0] == tensor([3], [5, 7, 9]))
        #expect(try MatMul().forward([v, v]).outputs[0] == Tensor.scalar(2))
    }

    @Test func matMulBroadcastsBatchAxes() throws {
        let a = randomTensor([2, 1, 3, 4], seed: 5)
        let b = randomTensor([3, 4, 2], seed: 6)
        let y = try MatMul().forward([a, b]).outputs[0]
        #expect(y.shape == [2, 3, 3, 2])
        var expected: Float = 0
        for k in 0..<4 { expected += a[[1, 0, 2, k]] * b[[2, k, 1]] }
        #expect(abs(y[[1, 2, 2, 1]] - expected) < 1e-5)
    }

    @Test func matMulGradientsSumOverBroadcastBatches() throws {
        try checkGradients(MatMul(), [randomTensor([2, 1, 3, 4], seed: 7), randomTensor([3, 4, 2], seed: 8)])
        try checkGradients(MatMul(), [randomTensor([4], seed: 9), randomTensor([2, 4, 3], seed: 10)])
        try checkGradients(MatMul(), [randomTensor([2, 3, 4], seed: 11), randomTensor([4], seed: 12)])
        try checkGradients(MatMul(), [randomTensor([5, 4], seed: 13), randomTensor([4, 6], seed: 14)])
    }

    @Test func matMulRejectsMismatchedInnerAxes() {
        #expect(throws: EngineError.self) { try MatMul().forward([Tensor(shape: [2, 3]), Tensor(shape: [4, 2])]) }
    }

    @Test func softmaxNormalisesAlongTheChosenAxis() throws {
        let x = tensor([2, 2], [0, 0, 1, 3])
        let rows = try Softmax(axis: -1).forward([x]).outputs[0]
        expectClose(rows.values, [0.5, 0.5, 0.11920292, 0.88079708])
        let columns = try Softmax(axis: 0).forward([x]).outputs[0]
        expectClose(columns.values, [0.26894142, 0.04742587, 0.73105858, 0.95257413])
        let logs = try LogSoftmax(axis: 0).forward([x]).outputs[0]
        expectClose(logs.values, columns.values.map { logf($0) })
    }

    @Test func softmaxGradientsMatchFiniteDifferences() throws {
        let x = randomTensor([2, 3, 4], seed: 15, in: -2...2)
        for axis in [0, 1, -1] {
            try checkGradients(Softmax(axis: axis), [x])
            try checkGradients(LogSoftmax(axis: axis), [x])
        }
    }
}
