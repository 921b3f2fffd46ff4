import Foundation
import Testing

@testable import NeuralEngine

struct TrainingTests {
    @Test func binaryCrossEntropyWithLogitsMatchesTheDefinitionAndIsStable() throws {
        let logits = tensor([3], [0, 2, -100]), targets = tensor([3], [1, 0, 0])
        let (value, gradient) = try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: targets)
        let expected = (logf(2) + (2 + log1pf(expf(-2))) + 0) / 3
        #expect(abs(value - expected) < 1e-6)
        expectClose(gradient.values, [(0.5 - 1) / 3, (1 / (1 + expf(-2))) / 3, 0], tolerance: 1e-6)
        #expect(value.isFinite)
    }

    @Test func lossGradientsMatchFiniteDifferences() throws {
        let logits = randomTensor([2, 3], seed: 1, in: -3...3), targets = tensor([2, 3], [1, 0, 1, 0, 0, 1])
        for loss in [Loss.binaryCrossEntropyWithLogits, Loss.meanSquaredError] {
            let gradient = try loss(logits, targets).gradient
            for element in 0..<logits.count {
                var plus = logits, minus = logits
                plus.values[element] += 1e-2
                minus.values[element] -= 1e-2
                let numeric = (try loss(plus, targets).value - loss(minus, targets).value) / 2e-2
                #expect(abs(gradient.values[element] - numeric) <= 2e-3, "element \(element): \(gradient.values[element]) vs \(numeric)")
            }
        }
        #expect(try Loss.meanSquaredError(predictions: tensor([2], [1, 3]), targets: tensor([2], [0, 0])).value == 5)
    }

    @Test func sgdStepsAgainstTheGradientWithMomentum() {
        var parameters = ["w": tensor([2], [1, 2]), "frozen": tensor([1], [5])]
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        sgd.step(&parameters, gradients: ["w": tensor([2], [1, -1])])
        expectClose(parameters["w"]!.values, [0.9, 2.1])
        sgd.step(&parameters, gradients: ["w": tensor([2], [1, -1])])
        expectClose(parameters["w"]!.values, [0.9 - 0.19, 2.1 + 0.19])
        #expect(parameters["frozen"] == tensor([1], [5]))
    }

    @Test func adamFirstStepMovesEachParameterByTheLearningRate() {
        var parameters = ["w": tensor([3], [1, 1, 1])]
        var adam = Adam(learningRate: 0.01)
        adam.step(&parameters, gradients: ["w": tensor([3], [3, -0.5, 0])])
        expectClose(parameters["w"]!.values, [0.99, 1.01, 1], tolerance: 1e-6)
    }

    @Test func initialisersAreSeededAndScaledByTheirFans() {
        var first = SplitMix64(seed: 7), second = SplitMix64(seed: 7)
        let a = Initializer.glorotUniform(shape: [64, 32, 5], using: &first)
        #expect(a == Initializer.glorotUniform(shape: [64, 32, 5], using: &second))
        let bound = (6 / Float(32 * 5 + 64 * 5)).squareRoot()
        #expect(a.values.allSatisfy { abs($0) <= bound })
        #expect(a.values.map { abs($0) }.max()! > 0.9 * bound)

        let he = Initializer.heNormal(shape: [256, 128], using: &first)
        let std = (he.values.map { $0 * $0 }.reduce(0, +) / Float(he.count)).squareRoot()
        #expect(abs(std - (2 / Float(128)).squareRoot()) < 0.01 * 2)

        let weight = Initializer.pytorchDefaultWeight(shape: [128, 2, 5], using: &first)
        #expect(weight.values.allSatisfy { abs($0) <= 1 / Float(10).squareRoot() })
        let bias = Initializer.pytorchDefaultBias(count: 128, weightShape: [128, 2, 5], using: &first)
        #expect(bias.shape == [128] && bias.values.allSatisfy { abs($0) <= 1 / Float(10).squareRoot() })
    }

    @Test func adamThroughTheExecutorFitsALinearModel() throws {
        // y = x · [2, −1, 0.5]ᵀ + 0.3, learned by a Gemm from zero weights.
        let x = randomTensor([32, 3], seed: 2)
        let targets = Tensor([32, 1], (0..<32).map { 2 * x[[$0, 0]] - x[[$0, 1]] + 0.5 * x[[$0, 2]] + 0.3 })
        var executor = GraphExecutor(graph: Graph(
            inputs: [(name: "x", shape: [-1, 3])],
            parameters: ["W": Tensor(shape: [1, 3]), "b": Tensor(shape: [1])],
            nodes: [.init(name: "linear", op: Gemm(transB: true), inputs: ["x", "W", "b"], outputs: ["y"])],
            outputs: ["y"]))
        var adam = Adam(learningRate: 0.05)
        var losses: [Float] = []
        for _ in 0..<300 {
            let execution = try executor.run(["x": x])
            let (loss, gradient) = try Loss.meanSquaredError(predictions: execution.values["y"]!, targets: targets)
            losses.append(loss)
            let gradients = try executor.gradients(of: execution, seeds: ["y": gradient])
            adam.step(&executor.graph.parameters, gradients: gradients.filter { $0.key != "x" })
        }
        #expect(losses.last! < 1e-3 * losses.first!, "loss went from \(losses.first!) to \(losses.last!)")
        expectClose(executor.graph.parameters["W"]!.values, [2, -1, 0.5], tolerance: 2e-2)
    }
}
