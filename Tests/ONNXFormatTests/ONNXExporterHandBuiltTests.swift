import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// A graph built in Swift (Conv → Relu → bidirectional LSTM → MatMul → ReduceMean → Sigmoid) with a
/// dynamic batch axis: exported once, it declares a symbolic `batch` and re-imports at any batch size.
struct ONNXExporterHandBuiltTests {
    static let channels = 2, steps = 16, filters = 4, hidden = 3

    static func random(_ shape: [Int], _ generator: inout SplitMix64) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, values: (0..<count).map { _ in Float.random(in: -0.5...0.5, using: &generator) })!
    }

    /// series `[N, 2, 16]` → Conv(k3, pad 1) → Relu → Transpose to `[T, N, 4]` → BiLSTM(3) → `[N, T, 6]`
    /// → MatMul `[6, 1]` = per_step `[N, T, 1]` → mean over T → Sigmoid = probability `[N, 1]`.
    static func graph() -> Graph {
        var generator = SplitMix64(seed: 20_240_603)
        let parameters: [String: Tensor] = [
            "conv.weight": random([filters, channels, 3], &generator),
            "conv.bias": random([filters], &generator),
            "lstm.W": random([2, 4 * hidden, filters], &generator),
            "lstm.R": random([2, 4 * hidden, hidden], &generator),
            "lstm.B": random([2, 8 * hidden], &generator),
            "head.weight": random([2 * hidden, 1], &generator),
        ]
        let nodes = [
            Graph.Node(name: "conv", op: Conv(pads: [1, 1]), inputs: ["series", "conv.weight", "conv.bias"], outputs: ["conv_out"]),
            Graph.Node(name: "relu", op: Relu(), inputs: ["conv_out"], outputs: ["relu_out"]),
            Graph.Node(name: "to_time_major", op: Transpose(perm: [2, 0, 1]), inputs: ["relu_out"], outputs: ["lstm_in"]),
            Graph.Node(
                name: "lstm", op: LSTM(hiddenSize: hidden, direction: .bidirectional),
                inputs: ["lstm_in", "lstm.W", "lstm.R", "lstm.B"], outputs: ["lstm_y", "lstm_y_h", "lstm_y_c"]),
            Graph.Node(name: "to_batch_major", op: Transpose(perm: [2, 0, 1, 3]), inputs: ["lstm_y"], outputs: ["lstm_btdh"]),
            Graph.Node(name: "merge_directions", op: Reshape(shape: [0, 0, -1]), inputs: ["lstm_btdh"], outputs: ["features"]),
            Graph.Node(name: "head", op: MatMul(), inputs: ["features", "head.weight"], outputs: ["per_step"]),
            Graph.Node(name: "pool", op: ReduceMean(axes: [1], keepDims: false), inputs: ["per_step"], outputs: ["pooled"]),
            Graph.Node(name: "sigmoid", op: Sigmoid(), inputs: ["pooled"], outputs: ["probability"]),
        ]
        return Graph(
            inputs: [("series", [-1, channels, steps])], parameters: parameters, nodes: nodes,
            outputs: ["per_step", "probability"])
    }

    func run(_ graph: Graph, _ series: Tensor) throws -> (outputs: [String: Tensor], gradient: Tensor) {
        let executor = GraphExecutor(graph: graph)
        let execution = try executor.run(["series": series])
        let probability = try #require(execution.values["probability"])
        let gradients = try executor.gradients(
            of: execution, seeds: ["probability": Tensor(shape: probability.shape, repeating: 1)], wrt: ["series"])
        return (execution.values.filter { graph.outputs.contains($0.key) }, try #require(gradients["series"]))
    }

    @Test func declaresASymbolicBatchAxisOnInputsAndOutputs() throws {
        let model = try ONNXModelFile(exporting: Self.graph(), modelName: "handbuilt")
        #expect(model.declaredDimensions(of: "series") == [.symbolic("batch"), .fixed(2), .fixed(16)])
        #expect(model.declaredDimensions(of: "per_step") == [.symbolic("batch"), .fixed(16), .fixed(1)])
        #expect(model.declaredDimensions(of: "probability") == [.symbolic("batch"), .fixed(1)])
        #expect(model.graph.node.map(\.name) == Self.graph().nodes.map(\.name))
        let lstm = try #require(model.graph.node.first { $0.opType == "LSTM" })
        #expect(lstm.output == ["lstm_y", "lstm_y_h", "lstm_y_c"])
        #expect(lstm.attribute.first { $0.name == "direction" }?.s == Data("bidirectional".utf8))
        #expect(lstm.attribute.first { $0.name == "hidden_size" }?.i == Int64(Self.hidden))
        let reduce = try #require(model.graph.node.first { $0.opType == "ReduceMean" })
        #expect(reduce.input.count == 1 && reduce.attribute.contains { $0.name == "axes" }, "opset 17 ReduceMean takes axes as an attribute")
    }

    @Test(arguments: [1, 3])
    func reimportsAtAnyBatchSizeWithIdenticalOutputsAndGradients(batch: Int) throws {
        let graph = Self.graph()
        let model = try ONNXModelFile(exporting: graph, modelName: "handbuilt_conv_bilstm")
        let reread = try ONNXModelFile(serializedBytes: try model.serializedBytes())
        let reimported = try ONNXImporter.importGraph(reread.proto, inputShapes: ["series": [batch, Self.channels, Self.steps]])
        var generator = SplitMix64(seed: UInt64(batch))
        let series = Self.random([batch, Self.channels, Self.steps], &generator)
        let before = try run(graph, series)
        let after = try run(reimported.graph, series)
        let outputs = TensorSetDifference(after.outputs, before.outputs, names: graph.outputs)
        let gradient = TensorSetDifference(["series": after.gradient], ["series": before.gradient], names: ["series"])
        print("handbuilt batch \(batch): outputs \(outputs); d probability/d series \(gradient)")
        #expect(outputs.problems.isEmpty && outputs.largest <= 1e-6)
        #expect(gradient.problems.isEmpty && gradient.largest <= 1e-6)
        if batch == 3 {
            try ExportedModelDirectory.write(model, name: "handbuilt_conv_bilstm", inputs: ["series": series], outputs: before.outputs)
        }
    }

    @Test func reduceMeanTakesAxesAsAnInputFromOpset18() throws {
        let model = try ONNXModelFile(exporting: Self.graph(), opset: 18, modelName: "handbuilt")
        let reduce = try #require(model.graph.node.first { $0.opType == "ReduceMean" })
        #expect(reduce.input.count == 2 && !reduce.attribute.contains { $0.name == "axes" })
        #expect(model.proto.irVersion == 8)
    }

    @Test func anOperatorWithoutAnONNXFormIsAnErrorNamingNodeAndOp() throws {
        struct Doubler: Operator {
            var opType: String { "Doubler" }
            func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
                var y = inputs[0]!
                y.values = y.values.map { $0 * 2 }
                return ForwardResult(outputs: [y])
            }
            func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
                [outputGradients[0].map { Tensor(shape: $0.shape, values: $0.values.map { $0 * 2 })! }]
            }
        }
        let graph = Graph(
            inputs: [("x", [-1, 4])], parameters: [:],
            nodes: [Graph.Node(name: "double_it", op: Doubler(), inputs: ["x"], outputs: ["y"])], outputs: ["y"])
        #expect(throws: ONNXExportError.unsupportedOperator(node: "double_it", opType: "Doubler", reason: "the exporter has no ONNX form for it")) {
            try ONNXExporter.export(graph, modelName: "custom")
        }
        #expect(throws: ONNXExportError.unsupportedOpset(12, supported: ONNXExporter.supportedOpsets)) {
            try ONNXExporter.export(Self.graph(), opset: 12, modelName: "old")
        }
    }
}
