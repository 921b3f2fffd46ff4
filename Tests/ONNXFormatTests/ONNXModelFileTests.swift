import Foundation
import NeuralEngine
import SwiftProtobuf
import Testing

@testable import ONNXFormat

struct ONNXModelFileTests {
    // MARK: helpers

    func model(_ caseName: String) throws -> ONNXModelFile {
        try ONNXModelFile(contentsOf: FixtureManifest.directory(of: caseName).appendingPathComponent("model.onnx"))
    }

    func tensorProto(_ name: String, dims: [Int64], dataType: Onnx_TensorProto.DataType) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dims = dims
        proto.dataType = Int32(dataType.rawValue)
        return proto
    }

    func bytes<Element: BitwiseCopyable>(of values: [Element]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ONNXModelFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    // MARK: fixture models

    @Test(arguments: FixtureManifest.caseNames)
    func readsEveryFixtureModelAsItsManifestDescribesIt(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let file = try model(caseName)
        #expect(file.opsetImports == manifest.opset)
        #expect(file.graph.initializer.count == manifest.initializerCount)
        let initializers = try file.initializers()
        #expect(initializers.count == manifest.initializerCount)
        #expect(Set(file.graph.node.map(\.opType)) == Set(manifest.opTypes))
        #expect(Set(file.outputNames).isSuperset(of: ["per_step", "pooled"]))
        #expect(Set(file.inputNames) == Set(manifest.runs[0].inputs.keys))
    }

    @Test func readsTheTorchScriptDeepHeartWeights() throws {
        let file = try model("deepheart_torchscript")
        #expect(file.defaultOpsetVersion == 17)
        #expect(file.producer == "pytorch 2.13.0")
        #expect(file.inputNames == ["series", "metadata"])
        #expect(file.declaredDimensions(of: "series") == [.symbolic("batch"), .symbolic("time"), .fixed(2)])
        #expect(try file.initializer(named: "conv1.weight")?.shape == [128, 2, 5])
        let lstm = try #require(file.graph.node.first { $0.opType == "LSTM" })
        // X, W, R, B, sequence_lens (empty), initial_h, initial_c
        #expect(lstm.input.count == 7 && lstm.input[4].isEmpty)
        #expect(try file.initializer(named: lstm.input[1])?.shape == [2, 512, 128])
        #expect(try file.initializer(named: lstm.input[3])?.shape == [2, 1024])
        #expect(try file.initializer(named: "no such tensor") == nil)
    }

    /// Both exports hold the same weights: the dynamo file keeps PyTorch's gate order (i, f, g, o) and re-orders
    /// at run time, the TorchScript file stores ONNX's (i, o, f, c) = PyTorch blocks 0, 3, 1, 2.
    @Test func bothTorchExportersStoreTheSameWeightsInTheirOwnGateOrder() throws {
        let torchScript = try model("deepheart_torchscript")
        let dynamo = try model("deepheart_dynamo")
        #expect(dynamo.defaultOpsetVersion == 18)
        #expect(try torchScript.initializer(named: "conv2.weight") == dynamo.initializer(named: "conv2.weight"))

        let lstm = try #require(torchScript.graph.node.first { $0.opType == "LSTM" })
        let onnxW = try #require(try torchScript.initializer(named: lstm.input[1])?.floatTensor)  // (2, 4H, C)
        let torchW = try #require(try dynamo.initializer(named: "lstm.weight_ih_l0")?.floatTensor)  // (4H, C)
        let hidden = 128, channels = 128, block = hidden * channels
        for (onnxBlock, torchBlock) in [0, 3, 1, 2].enumerated() {
            let onnxValues = onnxW.values[(onnxBlock * block)..<((onnxBlock + 1) * block)]
            let torchValues = torchW.values[(torchBlock * block)..<((torchBlock + 1) * block)]
            #expect(Array(onnxValues) == Array(torchValues), "ONNX gate block \(onnxBlock) is PyTorch block \(torchBlock)")
        }
    }

    @Test func readsTheKerasModelWithItsUnusedMLOpsetAndSymbolicDimensions() throws {
        let file = try model("keras_conv_bilstm")
        #expect(file.opsetImports["ai.onnx"] == 17)
        #expect(file.opsetImports["ai.onnx.ml"] != nil)
        let dims = try #require(file.declaredDimensions(of: "series"))
        #expect(dims.count == 3 && dims[2] == .fixed(2))
        guard case .symbolic(let name) = dims[0] else {
            Issue.record("batch dimension \(dims[0]) is not symbolic")
            return
        }
        #expect(name.hasPrefix("unk__"))
        // tf2onnx's generated names (W__94, const_fold_opt__189) change between conversions; find W through the node.
        let lstm = try #require(file.graph.node.first { $0.opType == "LSTM" })
        #expect(try file.initializer(named: lstm.input[1])?.shape == [2, 40, 12])
        let activations = lstm.attribute.first { $0.name == "activations" }?.strings.map { String(decoding: $0, as: UTF8.self) }
        #expect(activations == ["Sigmoid", "Tanh", "Tanh", "Sigmoid", "Tanh", "Tanh"])
    }

    @Test func refusesBytesThatAreNotAModel() {
        #expect(throws: ONNXFileError.self) {
            try ONNXModelFile(serializedBytes: Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0xFF, 0xFF]))
        }
        #expect(throws: ONNXFileError.notAModel(reason: "the ModelProto has no graph")) {
            try ONNXModelFile(serializedBytes: Data())
        }
    }

    // MARK: tensor storage variants

    @Test func decodesTypedFields() throws {
        var floats = tensorProto("floats", dims: [2, 2], dataType: .float)
        floats.floatData = [1, 2, 3, 4]
        #expect(try ONNXTensorDecoder.decode(floats, externalDataDirectory: nil) == .float(Tensor(shape: [2, 2], values: [1, 2, 3, 4])!))

        var doubles = tensorProto("doubles", dims: [2], dataType: .double)
        doubles.doubleData = [0.1, -1e300]
        #expect(try ONNXTensorDecoder.decode(doubles, externalDataDirectory: nil).floatTensor?.values == [0.1, -.infinity])

        var halves = tensorProto("halves", dims: [4], dataType: .float16)
        halves.int32Data = [0x3C00, 0xC000, 0x0001, 0x7C00]  // 1, -2, smallest subnormal, +inf
        #expect(try ONNXTensorDecoder.decode(halves, externalDataDirectory: nil).floatTensor?.values
            == [1, -2, Float(sign: .plus, exponent: -24, significand: 1), .infinity])

        var shape = tensorProto("shape", dims: [3], dataType: .int64)
        shape.int64Data = [0, 0, -1]
        #expect(try ONNXTensorDecoder.decode(shape, externalDataDirectory: nil) == .integer(shape: [3], values: [0, 0, -1]))

        var unsigned = tensorProto("unsigned", dims: [1], dataType: .uint32)
        unsigned.uint64Data = [4_000_000_000]
        #expect(try ONNXTensorDecoder.decode(unsigned, externalDataDirectory: nil).integers == [4_000_000_000])

        var flags = tensorProto("flags", dims: [2], dataType: .bool)
        flags.int32Data = [1, 0]
        #expect(try ONNXTensorDecoder.decode(flags, externalDataDirectory: nil) == .bool(shape: [2], values: [true, false]))

        var scalar = tensorProto("scalar", dims: [], dataType: .float)
        scalar.floatData = [2.5]
        #expect(try ONNXTensorDecoder.decode(scalar, externalDataDirectory: nil) == .float(Tensor(shape: [], repeating: 2.5)))
    }

    @Test func decodesRawData() throws {
        var floats = tensorProto("w", dims: [3], dataType: .float)
        floats.rawData = bytes(of: [Float(1.5), -0.0, .leastNonzeroMagnitude])
        #expect(try ONNXTensorDecoder.decode(floats, externalDataDirectory: nil).floatTensor?.values == [1.5, -0.0, .leastNonzeroMagnitude])

        var int32s = tensorProto("i", dims: [2], dataType: .int32)
        int32s.rawData = bytes(of: [Int32(-7), 9])
        #expect(try ONNXTensorDecoder.decode(int32s, externalDataDirectory: nil).integers == [-7, 9])

        var bfloats = tensorProto("b", dims: [1], dataType: .bfloat16)
        bfloats.rawData = bytes(of: [UInt16(0x3FC0)])  // 1.5
        #expect(try ONNXTensorDecoder.decode(bfloats, externalDataDirectory: nil).floatTensor?.values == [1.5])
    }

    @Test func namesTheTensorWhenItsDataDoesNotFitItsDims() {
        var short = tensorProto("conv.weight", dims: [2, 3], dataType: .float)
        short.floatData = [1, 2, 3]
        #expect(throws: ONNXFileError.elementCountMismatch(tensor: "conv.weight", dims: [2, 3], count: 3)) {
            try ONNXTensorDecoder.decode(short, externalDataDirectory: nil)
        }
        var raw = tensorProto("raw", dims: [2], dataType: .float)
        raw.rawData = Data(count: 7)
        #expect(throws: ONNXFileError.self) { try ONNXTensorDecoder.decode(raw, externalDataDirectory: nil) }
    }

    @Test func refusesStringTensorsNamingTheType() {
        var strings = tensorProto("labels", dims: [1], dataType: .string)
        strings.stringData = [Data("a".utf8)]
        #expect(throws: ONNXFileError.unsupportedDataType(tensor: "labels", dataType: 8)) {
            try ONNXTensorDecoder.decode(strings, externalDataDirectory: nil)
        }
        #expect(ONNXFileError.unsupportedDataType(tensor: "labels", dataType: 8).description.contains("STRING"))
    }

    // MARK: external data

    func externalTensor(location: String, offset: Int?, length: Int?) -> Onnx_TensorProto {
        var proto = tensorProto("big", dims: [2, 2], dataType: .float)
        proto.dataLocation = .external
        var entries = [("location", location)]
        if let offset { entries.append(("offset", String(offset))) }
        if let length { entries.append(("length", String(length))) }
        proto.externalData = entries.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return proto
    }

    @Test func readsExternalDataBesideTheModel() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try (Data(count: 12) + bytes(of: [Float(1), 2, 3, 4]) + Data(count: 5))
            .write(to: directory.appendingPathComponent("weights.bin"))

        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph.name = "external"
        model.graph.initializer = [externalTensor(location: "weights.bin", offset: 12, length: 16)]
        let modelURL = directory.appendingPathComponent("model.onnx")
        try model.serializedData().write(to: modelURL)

        let file = try ONNXModelFile(contentsOf: modelURL)
        #expect(file.defaultOpsetVersion == 17)
        #expect(try file.initializers()["big"] == .float(Tensor(shape: [2, 2], values: [1, 2, 3, 4])!))

        let fromMemory = try ONNXModelFile(serializedBytes: try model.serializedData())
        #expect(throws: ONNXFileError.self) { try fromMemory.initializers() }
    }

    @Test func refusesExternalDataOutsideTheModelDirectoryOrTooShort() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try bytes(of: [Float(1), 2]).write(to: directory.appendingPathComponent("short.bin"))
        for location in ["../secrets.bin", "/etc/passwd", "nested/../../x.bin"] {
            #expect(throws: ONNXFileError.self, "location \(location)") {
                try ONNXTensorDecoder.decode(externalTensor(location: location, offset: nil, length: nil),
                                             externalDataDirectory: directory)
            }
        }
        // A symbolic link inside the directory that leads out of it is not followed.
        let outside = directory.deletingLastPathComponent().appendingPathComponent("outside-\(UUID().uuidString).bin")
        try bytes(of: [Float](repeating: 7, count: 4)).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("link.bin"), withDestinationURL: outside)
        #expect(throws: ONNXFileError.invalidExternalData(
            tensor: "big", reason: "location 'link.bin' leads out of the model's directory through a symbolic link")) {
            try ONNXTensorDecoder.decode(externalTensor(location: "link.bin", offset: nil, length: nil), externalDataDirectory: directory)
        }
        #expect(throws: ONNXFileError.externalDataUnreadable(
            tensor: "big", path: "short.bin", reason: "needs 16 bytes at offset 0, found 8")) {
            try ONNXTensorDecoder.decode(externalTensor(location: "short.bin", offset: nil, length: nil),
                                         externalDataDirectory: directory)
        }
        #expect(throws: ONNXFileError.self) {
            try ONNXTensorDecoder.decode(externalTensor(location: "short.bin", offset: 0, length: 8),
                                         externalDataDirectory: directory)
        }
    }
}
