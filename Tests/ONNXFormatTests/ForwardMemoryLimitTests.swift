import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// The importer's count of what one forward pass holds, and the limit it enforces before anything runs.
struct ForwardMemoryLimitTests {
    static func model(input shape: [Int], nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto] = [], output: String) -> Onnx_ModelProto {
        var model = HostileModelTests.model(nodes: nodes, initializers: initializers, output: output)
        model.graph.input[0].type.tensorType.shape.dim = shape.map { size in
            var dimension = Onnx_TensorShapeProto.Dimension()
            dimension.dimValue = Int64(size)
            return dimension
        }
        return model
    }

    static func reluChain(length: Int, width: Int) -> Onnx_ModelProto {
        let names = ["x"] + (0..<length).map { "r\($0)" }
        let nodes = (0..<length).map { HostileModelTests.node("Relu", [names[$0]], [names[$0 + 1]]) }
        return model(input: [1, width], nodes: nodes, output: names.last!)
    }

    @Test func aChainOfNodesIsCountedElementByElement() throws {
        let imported = try ONNXImporter.importGraph(Self.reluChain(length: 5, width: 1 << 16), inputShapes: [:])
        // The input and five outputs of 2^16 elements each: the executor keeps every one.
        #expect(imported.forwardElementCount == 6 << 16)
    }

    @Test func theNodeThatCrossesTheLimitIsNamed() {
        let model = Self.reluChain(length: 5, width: 1 << 16)
        #expect(performing: { try ONNXImporter.importGraph(model, inputShapes: [:], forwardElementLimit: 5 << 16) }, throws: { error in
            guard let error = error as? ONNXImportError else { return false }
            return error.code == "forward_too_large" && error.message.contains("node 'r4'") && error.message.contains("393216")
        })
        #expect(throws: Never.self) { try ONNXImporter.importGraph(model, inputShapes: [:], forwardElementLimit: 6 << 16) }
    }

    @Test func aBroadcastOuterProductIsRefusedFromItsShapesAlone() {
        // [65536, 1] · [1, 65536] and [65536, 1] + [1, 65536] would each be 2^32 elements (16 GiB).
        for opType in ["MatMul", "Add"] {
            let model = Self.model(
                input: [65_536, 1],
                nodes: [HostileModelTests.node("Transpose", ["x"], ["t"]), HostileModelTests.node(opType, ["x", "t"], ["y"])],
                output: "y")
            #expect(throws: ONNXImportError.tensorTooLarge(node: "y", shape: [65_536, 65_536])) {
                try ONNXImporter.importGraph(model, inputShapes: [:])
            }
        }
    }

    @Test func convolutionPadsPastAnySensibleSizeAreRefused() {
        var conv = HostileModelTests.node("Conv", ["x", "w"], ["y"])
        var pads = Onnx_AttributeProto()
        pads.name = "pads"
        pads.type = .ints
        pads.ints = [0, 1 << 40]
        conv.attribute = [pads]
        var weight = Onnx_TensorProto()
        weight.name = "w"
        weight.dims = [1, 1, 3]
        weight.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        weight.floatData = [1, 1, 1]
        let model = Self.model(input: [1, 1, 16], nodes: [conv], initializers: [weight], output: "y")
        #expect(performing: { try ONNXImporter.importGraph(model, inputShapes: [:]) }, throws: { error in
            (error as? ONNXImportError)?.message.contains("exceed") == true
        })
    }

    /// The count matches what a real run holds: every input, every node's outputs and saved tensors,
    /// plus the convolutions' im2col buffers (scratch, freed within the node).
    @Test(arguments: ["deepheart_leaky", "gru_small", "keras_conv_bilstm"])
    func theCountMatchesWhatARealRunHolds(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let run = try #require(manifest.runs.first)
        let model = try ONNXModelFile(contentsOf: manifest.url(of: manifest.model))
        var feeds: [String: Tensor] = [:]
        for (name, entry) in run.inputs { feeds[name] = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor() }
        let imported = try ONNXImporter.importGraph(
            model.proto, inputShapes: feeds.mapValues(\.shape), externalDataDirectory: model.externalDataDirectory)
        let execution = try GraphExecutor(graph: imported.graph).run(feeds)
        var held = feeds.values.reduce(0) { $0 + $1.count }
        for (node, result) in zip(imported.graph.nodes, execution.forwardResults) {
            held += result.outputs.reduce(0) { $0 + $1.count } + result.saved.reduce(0) { $0 + $1.count }
            if node.op is Conv {
                held += try node.op.workingElementCount(node.inputs.map { execution.values[$0]?.shape })
            }
        }
        #expect(imported.forwardElementCount == held)
    }
}
