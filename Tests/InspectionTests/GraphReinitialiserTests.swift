import NeuralEngine
import Testing

@testable import Inspection

struct GraphReinitialiserTests {
    static func largest(_ tensor: Tensor) -> Float {
        tensor.values.map(abs).max() ?? 0
    }

    /// The long-memory demo graph with `head.bias` treated as an ONNX constant.
    @Test func redrawsTrainableParametersWithTheirShapesAndKeepsConstants() {
        let graph = DemoModelCatalog.longMemory.makeGraph(seed: 1)
        let trainable = Set(graph.parameters.keys).subtracting(["head.bias"])
        let fresh = GraphReinitialiser.reinitialised(graph, trainable: trainable, seed: 9)
        #expect(fresh.parameters.keys.sorted() == graph.parameters.keys.sorted())
        #expect(fresh.nodes.map(\.name) == graph.nodes.map(\.name))
        for (name, old) in graph.parameters {
            let new = fresh.parameters[name]!
            #expect(new.shape == old.shape, "\(name)")
            if trainable.contains(name) {
                #expect(new.values != old.values, "\(name) was not redrawn")
            } else {
                #expect(new.values == old.values, "constant \(name) changed")
            }
        }
        #expect(GraphReinitialiser.reinitialised(graph, trainable: trainable, seed: 9).parameters == fresh.parameters)
        #expect(GraphReinitialiser.reinitialised(graph, trainable: trainable, seed: 10).parameters != fresh.parameters)
    }

    /// Bounds by the reading node: Conv (out, in, k) fanIn in·k; Gemm with transB (out, in); MatMul
    /// (in, out); LSTM ±1/√H.
    @Test func boundsFollowTheNodeThatReadsEachParameter() {
        let graph = DemoModelCatalog.longMemory.makeGraph(seed: 1)  // channels 8, kernel 16, H 8, 4 metadata
        let fresh = GraphReinitialiser.reinitialised(graph, trainable: Set(graph.parameters.keys), seed: 3)
        let expected: [String: Float] = [
            "conv1.weight": 1 / Float(3 * 16).squareRoot(), "conv1.bias": 1 / Float(3 * 16).squareRoot(),
            "conv2.weight": 1 / Float(8 * 5).squareRoot(), "init_h.weight": 0.5, "init_c.bias": 0.5,
            "lstm.W": 1 / Float(8).squareRoot(), "lstm.R": 1 / Float(8).squareRoot(), "lstm.B": 1 / Float(8).squareRoot(),
            "head.weight": 0.25, "head.bias": 0.25,
        ]
        for (name, bound) in expected {
            let largest = Self.largest(fresh.parameters[name]!)
            #expect(largest <= bound, "\(name): largest \(largest) above \(bound)")
            if fresh.parameters[name]!.count >= 16 { #expect(largest > 0.7 * bound, "\(name): largest \(largest) of \(bound)") }
        }
    }

    /// `MatMul(x, W (64, 32))` then `Add(b (32), ·)`, as PyTorch exports a Linear on a sequence: the bias
    /// gets W's fan-in (±1/8), not its own count (±1/√32 ≈ 0.18); a BatchNormalization gets 1, 0, 0, 1.
    @Test func biasAfterMatMulUsesTheWeightsFanInAndNormalisationResets() {
        var generator = SplitMix64(seed: 5)
        let graph = Graph(
            inputs: [(name: "x", shape: [-1, 10, 64])],
            parameters: ["w": Initializer.uniform(shape: [64, 32], bound: 3, using: &generator),
                         "b": Initializer.uniform(shape: [32], bound: 3, using: &generator),
                         "bn.scale": Tensor(shape: [10], values: Array(repeating: 2, count: 10))!,
                         "bn.bias": Tensor(shape: [10], values: Array(repeating: 2, count: 10))!,
                         "bn.mean": Tensor(shape: [10], values: Array(repeating: 2, count: 10))!,
                         "bn.var": Tensor(shape: [10], values: Array(repeating: 2, count: 10))!],
            nodes: [.init(name: "mm", op: MatMul(), inputs: ["x", "w"], outputs: ["y"]),
                    .init(name: "add", op: Add(), inputs: ["y", "b"], outputs: ["z"]),
                    .init(name: "bn", op: BatchNormalization(), inputs: ["z", "bn.scale", "bn.bias", "bn.mean", "bn.var"], outputs: ["out"])],
            outputs: ["out"])
        let fresh = GraphReinitialiser.reinitialised(graph, trainable: Set(graph.parameters.keys), seed: 2)
        let bias = Self.largest(fresh.parameters["b"]!)
        #expect(bias <= 0.125 && bias > 0.09, "bias largest \(bias)")
        #expect(Self.largest(fresh.parameters["w"]!) <= 0.125)
        #expect(fresh.parameters["bn.scale"]!.values.allSatisfy { $0 == 1 } && fresh.parameters["bn.bias"]!.values.allSatisfy { $0 == 0 })
        #expect(fresh.parameters["bn.mean"]!.values.allSatisfy { $0 == 0 } && fresh.parameters["bn.var"]!.values.allSatisfy { $0 == 1 })
    }
}
