import Foundation
import NeuralEngine
import ONNXFormat
import SwiftProtobuf

/// The ONNX importer under fuzz: bytes parsed as a model, its initializers decoded (external data from a
/// directory that holds a weights file and a symlink leading out of it), its graph imported at the
/// declared input shapes, and, when every tensor is small, run once on zeros as an upload is.
enum ONNXFuzzTargets {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ONNXFormatTests/Fixtures")
    /// Largest tensor the fuzzed graph may hold for it to be run; larger ones are only imported.
    static let maximumRunElements = 1 << 16

    /// The model directory external data is read from: `weights.bin` (64 bytes) inside, and
    /// `outside-link.bin`, a symlink to a file beside the directory, which must not be read through.
    static let modelDirectory: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-fuzz-onnx-\(ProcessInfo.processInfo.processIdentifier)")
        let directory = root.appendingPathComponent("model")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Sixteen little-endian 32-bit integers 1...16: read as shape values they stay small, since sizes
        // just under the importer's cap are legal and only slow the fuzzer down.
        try? Data((1...16).flatMap { [UInt8($0), 0, 0, 0] }).write(to: directory.appendingPathComponent("weights.bin"))
        try? Data(repeating: 0x41, count: 64).write(to: root.appendingPathComponent("outside.bin"))
        try? FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("outside-link.bin").path, withDestinationPath: "../outside.bin")
        return directory
    }()

    static func target() throws -> FuzzTarget {
        var seeds: [[UInt8]] = []
        for name in ["dynamic_batch", "gru_small", "keras_conv_bilstm", "deepheart_leaky"] {
            seeds.append([UInt8](try Data(contentsOf: fixtures.appendingPathComponent("\(name)/model.onnx"))))
        }
        seeds += try shapeArithmeticModels().map { [UInt8](try $0.serializedData()) }
        return FuzzTarget(
            name: "onnx", seeds: seeds + FuzzSeeds.crashers("onnx"), dictionary: [], extraTokens: protobufTokens,
            maximumInputBytes: 64 << 10, defaultIterations: 1500,
            structuralMutation: { bytes, random in ONNXModelMutator.mutate(bytes, &random) }, run: importAndRun)
    }

    /// Varint tags and lengths of the ModelProto/GraphProto/NodeProto fields, and hostile varints.
    static let protobufTokens: [[UInt8]] = [
        [0x3A], [0x0A], [0x12], [0x1A], [0x22], [0x2A], [0x08], [0x10], [0x42], [0x52], [0x62], [0x6A],
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        [0x80, 0xA0, 0x94, 0xA5, 0x8D, 0x1D], [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        Array("ConstantOfShape".utf8), Array("Reshape".utf8), Array("Expand".utf8), Array("LSTM".utf8), Array("Loop".utf8),
        Array("external_data".utf8), Array("../".utf8),
    ]

    /// Tiny graphs whose shapes are computed at import, for the mutator to push towards huge or negative sizes.
    static func shapeArithmeticModels() throws -> [Onnx_ModelProto] {
        func node(_ opType: String, _ inputs: [String], _ output: String, ints: [String: [Int64]] = [:]) -> Onnx_NodeProto {
            var node = Onnx_NodeProto()
            (node.opType, node.name, node.input, node.output) = (opType, output, inputs, [output])
            for (name, values) in ints.sorted(by: { $0.key < $1.key }) {
                var attribute = Onnx_AttributeProto()
                (attribute.name, attribute.type, attribute.ints) = (name, .ints, values)
                node.attribute.append(attribute)
            }
            return node
        }
        func integers(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
            var tensor = Onnx_TensorProto()
            (tensor.name, tensor.dims, tensor.int64Data) = (name, [Int64(values.count)], values)
            tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
            return tensor
        }
        func model(_ nodes: [Onnx_NodeProto], _ initializers: [Onnx_TensorProto], output: String) -> Onnx_ModelProto {
            var model = Onnx_ModelProto()
            model.irVersion = 8
            var opset = Onnx_OperatorSetIdProto()
            opset.version = 17
            model.opsetImport = [opset]
            var input = Onnx_ValueInfoProto()
            input.name = "x"
            input.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            for size in [Int64(1), 4, 6] {
                var dimension = Onnx_TensorShapeProto.Dimension()
                dimension.dimValue = size
                input.type.tensorType.shape.dim.append(dimension)
            }
            var weights = Onnx_TensorProto()
            (weights.name, weights.dims, weights.floatData) = ("w", [3, 4, 2], (0..<24).map { Float($0) / 24 })
            weights.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            var out = Onnx_ValueInfoProto()
            out.name = output
            (model.graph.name, model.graph.input, model.graph.output) = ("fuzz", [input], [out])
            (model.graph.node, model.graph.initializer) = (nodes, initializers + [weights])
            return model
        }
        return [
            model([node("Shape", ["x"], "s"), node("ConstantOfShape", ["s"], "c"), node("Add", ["x", "c"], "y")], [], output: "y"),
            model([node("Expand", ["x", "shape"], "y")], [integers("shape", [2, 4, 6])], output: "y"),
            model([node("Reshape", ["x", "shape"], "y"), node("Tile", ["y", "repeats"], "z")],
                  [integers("shape", [4, -1]), integers("repeats", [1, 2])], output: "z"),
            model([node("Pad", ["x", "pads"], "y"), node("Slice", ["y", "starts", "ends", "axes"], "z")],
                  [integers("pads", [0, 0, 1, 0, 0, 1]), integers("starts", [1]), integers("ends", [3]), integers("axes", [2])], output: "z"),
            model([node("Range", ["start", "limit", "delta"], "r"), node("Unsqueeze", ["r", "axes"], "y")],
                  [integers("start", [0]), integers("limit", [5]), integers("delta", [1]), integers("axes", [0])], output: "y"),
            model([node("Conv", ["x", "w"], "y", ints: ["kernel_shape": [2], "pads": [0, 0], "strides": [1]]), node("Relu", ["y"], "z"),
                   node("Transpose", ["z"], "t", ints: ["perm": [0, 2, 1]]), node("ReduceMean", ["t"], "m", ints: ["axes": [1]])],
                  [], output: "m"),
        ]
    }

    /// The shape to import an input at: its declared dims, symbolic ones 1 (the first) or 8.
    static func inputShape(_ dimensions: [ONNXDimension]) -> [Int] {
        dimensions.enumerated().map { index, dimension in
            if case .fixed(let size) = dimension { return size }
            return index == 0 ? 1 : 8
        }
    }

    @Sendable static func importAndRun(_ bytes: [UInt8], file: URL) throws -> String {
        let model = try ONNXModelFile(serializedBytes: Data(bytes), externalDataDirectory: modelDirectory)
        if ProcessInfo.processInfo.environment["AUSCULT_FUZZ_PRINT_MODEL"] != nil { print(model.proto.textFormatString()) }
        let initializers = try model.initializers()
        var inputShapes: [String: [Int]] = [:]
        for name in model.inputNames {
            inputShapes[name] = inputShape(model.declaredDimensions(of: name) ?? [])
        }
        // Inputs past the importer's cap must be refused, and are imported. Inputs under it but large are
        // legal, and the importer infers most shapes by running operators on zeros, so importing them costs
        // a forward pass of that size: bounding that is the engine's memory cap, not the parsers', so such
        // mutants are left out.
        let sizes = inputShapes.values.map { ONNXImporter.elementCount($0) }
        if sizes.contains(where: { $0 != nil && $0! > maximumRunElements * 16 }) {
            return "input under the cap but too large to import quickly"
        }
        let imported = try ONNXImporter.importGraph(model.proto, inputShapes: inputShapes, externalDataDirectory: modelDirectory)
        let shapes = Array(imported.shapes.values) + imported.graph.inputs.map(\.shape)
        let largest = shapes.map { ONNXImporter.elementCount($0) ?? .max }.max() ?? 0
        guard largest <= maximumRunElements else {
            return "imported \(imported.graph.nodes.count > 0) initializers \(initializers.count > 0) not run"
        }
        let feeds = Dictionary(imported.graph.inputs.map { ($0.name, Tensor(shape: $0.shape)) }, uniquingKeysWith: { first, _ in first })
        let execution = try GraphExecutor(graph: imported.graph).run(feeds)
        return "ran \(imported.graph.nodes.count > 0) outputs \(execution.values.count > 0)"
    }
}
