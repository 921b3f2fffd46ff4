import Foundation
import Testing

@testable import NeuralEngine

struct ElementwiseTests {
    @Test func addBroadcastsARowAgainstAColumn() throws {
        let result = try Add().forward([tensor([2, 1], [10, 20]), tensor([3], [1, 2, 3])]).outputs[0]
        #expect(result.shape == [2, 3])
        #expect(result.values == [11, 12, 13, 21, 22, 23])
    }

    @Test func incompatibleShapesNameBothShapes() {
        do {
            _ = try Mul().forward([Tensor(shape: [2, 3]), Tensor(shape: [4])])
            Issue.record("expected a broadcasting error")
        } catch {
            #expect("\(error)".contains("[2, 3]") && "\(error)".contains("[4]"))
        }
    }

    @Test func binaryGradientsSumOverBroadcastAxes() throws {
        let a = randomTensor([2, 3, 4], seed: 1)
        let b = randomTensor([3, 1], seed: 2, in: 0.5...1.5)
        for op: any Operator in [Add(), Sub(), Mul(), Div()] {
            try checkGradients(op, [a, b])
            try checkGradients(op, [b, a.values.map { $0 + 2 }.asTensor([2, 3, 4])])
        }
        try checkGradients(Mul(), [randomTensor([4], seed: 3), Tensor.scalar(1.5)])
    }

    @Test func powDifferentiatesBaseAndExponent() throws {
        let base = randomTensor([2, 3], seed: 4, in: 0.5...2)
        let exponent = randomTensor([3], seed: 5, in: -1.5...2.5)
        try checkGradients(Pow(), [base, exponent])
        let result = try Pow().forward([tensor([2], [2, 3]), Tensor.scalar(2)]).outputs[0]
        #expect(result.values == [4, 9])
    }

    @Test func unaryOperatorsMatchTheirDefinitions() throws {
        let x = tensor([4], [-2, -0.5, 0.5, 2])
        expectClose(try Relu().forward([x]).outputs[0].values, [0, 0, 0.5, 2])
        expectClose(try LeakyRelu(alpha: 0.1).forward([x]).outputs[0].values, [-0.2, -0.05, 0.5, 2])
        expectClose(try Elu(alpha: 2).forward([x]).outputs[0].values, [2 * (expf(-2) - 1), 2 * (expf(-0.5) - 1), 0.5, 2])
        expectClose(try Selu().forward([x]).outputs[0].values.map { $0 }, [-1.5201665, -0.6917582, 0.5253505, 2.101402])
        expectClose(try Sigmoid().forward([x]).outputs[0].values, [0.11920292, 0.37754067, 0.62245933, 0.88079708])
        expectClose(try HardSigmoid().forward([x]).outputs[0].values, [0.1, 0.4, 0.6, 0.9])
        expectClose(try Tanh().forward([x]).outputs[0].values, x.values.map { tanhf($0) })
        expectClose(try Clip(min: -1, max: 1).forward([x]).outputs[0].values, [-1, -0.5, 0.5, 1])
        expectClose(try Neg().forward([x]).outputs[0].values, [2, 0.5, -0.5, -2])
        expectClose(try Sqrt().forward([tensor([2], [4, 9])]).outputs[0].values, [2, 3])
        expectClose(try Exp().forward([tensor([1], [1])]).outputs[0].values, [expf(1)])
        expectClose(try Log().forward([tensor([1], [expf(2)])]).outputs[0].values, [2])
    }

    @Test func unaryGradientsMatchFiniteDifferences() throws {
        let x = randomTensorAwayFromZero([3, 4], seed: 6, margin: 0.1)
        let ops: [any Operator] = [
            Relu(), LeakyRelu(alpha: 0.2), Elu(alpha: 1.5), Selu(), Sigmoid(), Tanh(), Neg(), Exp(),
            HardSigmoid(alpha: 0.3, beta: 0.4), Clip(min: -0.75, max: 0.8),
        ]
        for op in ops { try checkGradients(op, [x]) }
        let positive = randomTensor([3, 4], seed: 7, in: 0.5...3)
        try checkGradients(Sqrt(), [positive])
        try checkGradients(Log(), [positive])
    }

    @Test func preluBroadcastsItsSlopePerChannel() throws {
        let x = randomTensorAwayFromZero([2, 3, 4], seed: 8)
        let slope = tensor([3, 1], [0.1, 0.2, 0.3])
        let y = try PRelu().forward([x, slope]).outputs[0]
        #expect(y[[1, 2, 0]] == (x[[1, 2, 0]] < 0 ? 0.3 * x[[1, 2, 0]] : x[[1, 2, 0]]))
        try checkGradients(PRelu(), [x, slope])
        #expect(throws: EngineError.self) { try PRelu().forward([Tensor(shape: [3]), Tensor(shape: [2, 3])]) }
    }

    @Test func comparisonsGiveZeroOneFloatsAndNoGradient() throws {
        let a = tensor([3], [1, 2, 3]), b = tensor([1], [2])
        #expect(try Equal().forward([a, b]).outputs[0].values == [0, 1, 0])
        #expect(try Less().forward([a, b]).outputs[0].values == [1, 0, 0])
        #expect(try Greater().forward([a, b]).outputs[0].values == [0, 0, 1])
        let forward = try Less().forward([a, b])
        let gradients = try Less().backward([a, b], forward: forward, outputGradients: [Tensor(shape: [3], repeating: 1)])
        #expect(gradients.allSatisfy { $0 == nil })
    }

    @Test func whereSelectsWithABroadcastConditionAndRoutesGradients() throws {
        let condition = tensor([3], [1, 0, 1])
        let x = randomTensor([2, 3], seed: 9), y = randomTensor([1], seed: 10)
        let output = try Where().forward([condition, x, y]).outputs[0]
        #expect(output.values == [x.values[0], y.values[0], x.values[2], x.values[3], y.values[0], x.values[5]])
        try checkGradients(Where(), [condition, x, y], wrt: [1, 2])
        let constant = Where(condition: condition)
        #expect(try constant.forward([nil, x, y]).outputs[0] == output)
        try checkGradients(constant, [nil, x, y])
    }
}

extension Array where Element == Float {
    func asTensor(_ shape: [Int]) -> Tensor { Tensor(shape, self) }
}
