import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// One graph touching every exportable operator family the fixtures do not (pads, slices, gathers,
/// comparisons, Where, reductions, pools, GRU with explicit activations, …): exported, re-imported at two
/// batch sizes, and compared with the engine's own results.
struct ONNXExporterOperatorCoverageTests {
    static func random(_ shape: [Int], _ generator: inout SplitMix64, in range: ClosedRange<Float> = -1...1) -> Tensor {
        Tensor(shape: shape, values: (0..<shape.reduce(1, *)).map { _ in Float.random(in: range, using: &generator) })!
    }

    /// x `[N, 3, 8]`; outputs `head [N, 5]`, `gru_summary [N, 2]`, `pooled [N, 6]`, `selected [N, 3, 6]`.
    static func graph() -> Graph {
        var g = SplitMix64(seed: 7)
        let parameters: [String: Tensor] = [
            "bn.scale": random([3], &g), "bn.bias": random([3], &g), "bn.mean": random([3], &g),
            "bn.var": random([3], &g, in: 0.5...1.5), "prelu.slope": random([3, 1], &g, in: 0...0.3),
            "gemm.W": random([5, 18], &g), "gemm.C": random([5], &g), "ln.scale": random([5], &g), "ln.bias": random([5], &g),
            "gru.W": random([1, 6, 3], &g), "gru.R": random([1, 6, 2], &g), "gru.B": random([1, 12], &g),
            "threshold": random([1, 1, 6], &g, in: -0.2...0.2), "two": Tensor(shape: [], values: [2])!,
        ]
        var nodes: [Graph.Node] = []
        func add(_ name: String, _ op: any Operator, _ inputs: [String], _ outputs: [String]? = nil) {
            nodes.append(Graph.Node(name: name, op: op, inputs: inputs, outputs: outputs ?? [name]))
        }
        add("bn", BatchNormalization(epsilon: 1e-4), ["x", "bn.scale", "bn.bias", "bn.mean", "bn.var"])
        add("prelu", PRelu(), ["bn", "prelu.slope"])
        add("clip", Clip(min: -0.8, max: 0.9), ["prelu"])
        add("pad", Pad(pads: [1, 1], mode: .constant, value: 0.25, axes: [2]), ["clip"])  // [N, 3, 10]
        add("avgpool", AveragePool(kernelShape: [3], pads: [1, 1]), ["pad"])  // [N, 3, 10]
        add("maxpool", MaxPool(kernelShape: [2], strides: [2]), ["avgpool"])  // [N, 3, 5]
        add("slice", Slice(starts: [1], ends: [9], axes: [2], steps: [2]), ["pad"])  // [N, 3, 4]
        add("split", Split(axis: 1, sizes: [1, 2]), ["clip"], ["split_a", "split_b"])
        add("concat", Concat(axis: 1), ["split_b", "split_a"])  // [N, 3, 8]
        add("gather", Gather(axis: 2, indices: [0, 7, 3], indicesShape: [3]), ["concat"])  // [N, 3, 3]
        add("unsqueeze", Unsqueeze(axes: [1]), ["gather"])
        add("squeeze", Squeeze(axes: [1]), ["unsqueeze"])
        add("tile", Tile(repeats: [1, 1, 2]), ["squeeze"])  // [N, 3, 6]
        add("expand", Expand(shape: [1, 3, 6]), ["threshold"])  // [1, 3, 6]
        add("greater", Greater(), ["tile", "expand"])
        add("less", Less(), ["tile", "expand"])
        add("equal", Equal(), ["greater", "less"])
        add("neg", Neg(), ["tile"])
        add("where", Where(), ["greater", "tile", "neg"], ["selected"])
        add("leaky", LeakyRelu(alpha: 0.05), ["selected"])
        add("elu", Elu(alpha: 0.7), ["leaky"])
        add("selu", Selu(), ["elu"])
        add("hard", HardSigmoid(alpha: 0.3, beta: 0.45), ["selu"])
        add("exp", Exp(), ["hard"])
        add("pow", Pow(), ["exp", "two"])
        add("sqrt", Sqrt(), ["pow"])
        add("log", Log(), ["sqrt"])
        add("mul", Mul(), ["log", "equal"])
        add("sub", Sub(), ["mul", "tile"])
        add("div", Div(), ["sub", "exp"])
        add("softmax", Softmax(axis: -1), ["div"])
        add("logsoftmax", LogSoftmax(axis: 1), ["softmax"])
        add("identity", Identity(), ["logsoftmax"])
        add("dropout", Dropout(), ["identity"])
        add("cast", Cast(), ["dropout"])
        add("flatten", Flatten(axis: 1), ["cast"])  // [N, 18]
        add("gemm", Gemm(alpha: 0.5, beta: 2, transB: true), ["flatten", "gemm.W", "gemm.C"])  // [N, 5]
        add("layernorm", LayerNormalization(axis: -1, epsilon: 1e-3), ["gemm", "ln.scale", "ln.bias"], ["head"])
        add("to_time_major", Transpose(perm: [2, 0, 1]), ["x"])  // [8, N, 3]
        add(
            "gru",
            GRU(hiddenSize: 2, direction: .reverse, activations: [.hardSigmoid(alpha: 0.3, beta: 0.4), .leakyRelu(alpha: 0.1)],
                clip: 5, linearBeforeReset: true),
            ["to_time_major", "gru.W", "gru.R", "gru.B"], ["gru_y", "gru_h"])  // Y [8, 1, N, 2]
        add("reducesum", ReduceSum(axes: [0, 1], keepDims: false), ["gru_y"])  // [N, 2]
        add("reducemax", ReduceMax(axes: [0], keepDims: true), ["gru_y"])  // [1, 1, N, 2]
        add("reduceprod", ReduceProd(axes: [0, 1], keepDims: false), ["reducemax"])  // [N, 2]
        add("tanh", Tanh(), ["reduceprod"])
        add("add", Add(), ["reducesum", "tanh"], ["gru_summary"])
        add("gap", GlobalAveragePool(), ["maxpool"])  // [N, 3, 1]
        add("gmp", GlobalMaxPool(), ["slice"])  // [N, 3, 1]
        add("pool_concat", Concat(axis: 1), ["gap", "gmp"])  // [N, 6, 1]
        add("relu", Relu(), ["pool_concat"])
        add("sigmoid", Sigmoid(), ["relu"])
        add("reducemean", ReduceMean(axes: [-1], keepDims: false), ["sigmoid"], ["pooled"])  // [N, 6]
        return Graph(
            inputs: [("x", [-1, 3, 8])], parameters: parameters, nodes: nodes,
            outputs: ["head", "gru_summary", "pooled", "selected"])
    }

    func run(_ graph: Graph, _ x: Tensor) throws -> (outputs: [String: Tensor], gradient: Tensor) {
        let executor = GraphExecutor(graph: graph)
        let execution = try executor.run(["x": x])
        var seeds: [String: Tensor] = [:]
        for name in graph.outputs {
            let output = try #require(execution.values[name])
            seeds[name] = Tensor(shape: output.shape, repeating: 1)
        }
        let gradients = try executor.gradients(of: execution, seeds: seeds, wrt: ["x"])
        return (execution.values.filter { graph.outputs.contains($0.key) }, try #require(gradients["x"]))
    }

    @Test(arguments: [17, 18])
    func everyOperatorSurvivesTheRoundTripAtTwoBatchSizes(opset: Int) throws {
        let graph = Self.graph()
        let model = try ONNXModelFile(exporting: graph, opset: opset, modelName: "operator_coverage")
        #expect(model.declaredDimensions(of: "head") == [.symbolic("batch"), .fixed(5)])
        let reread = try ONNXModelFile(serializedBytes: try model.serializedBytes())
        for batch in [1, 2] {
            let reimported = try ONNXImporter.importGraph(reread.proto, inputShapes: ["x": [batch, 3, 8]])
            var generator = SplitMix64(seed: UInt64(100 + batch))
            let x = Self.random([batch, 3, 8], &generator)
            let before = try run(graph, x)
            let after = try run(reimported.graph, x)
            let outputs = TensorSetDifference(after.outputs, before.outputs, names: graph.outputs)
            let gradient = TensorSetDifference(["x": after.gradient], ["x": before.gradient], names: ["x"])
            print("operator coverage opset \(opset) batch \(batch): outputs \(outputs); input gradient \(gradient)")
            #expect(outputs.problems.isEmpty && outputs.largest <= 1e-6)
            #expect(gradient.problems.isEmpty && gradient.largest <= 1e-6)
            if batch == 2 {
                try ExportedModelDirectory.write(
                    model, name: "operator_coverage_opset\(opset)", inputs: ["x": x], outputs: before.outputs)
            }
        }
    }
}
