import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// Models built to exhaust memory or loop: refused at import, before anything of that size is allocated.
struct HostileModelTests {
    static func model(nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto] = [], input: String? = "x", output: String) -> Onnx_ModelProto {
        var model = Onnx_ModelProto()
        model.irVersion = 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = 17
        model.opsetImport = [opset]
        model.graph.name = "hostile"
        model.graph.node = nodes
        model.graph.initializer = initializers
        if let input {
            var value = Onnx_ValueInfoProto()
            value.name = input
            value.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            for dimension in [1, 4] {
                var dim = Onnx_TensorShapeProto.Dimension()
                dim.dimValue = Int64(dimension)
                value.type.tensorType.shape.dim.append(dim)
            }
            model.graph.input = [value]
        }
        var out = Onnx_ValueInfoProto()
        out.name = output
        model.graph.output = [out]
        return model
    }

    static func node(_ opType: String, _ inputs: [String], _ outputs: [String]) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.name = outputs[0]
        node.input = inputs
        node.output = outputs
        return node
    }

    static func floats(_ name: String, _ values: [Float]) -> Onnx_TensorProto {
        var tensor = vector(name, count: values.count, type: .float)
        tensor.floatData = values
        return tensor
    }

    static func int64s(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
        var tensor = vector(name, count: values.count, type: .int64)
        tensor.int64Data = values
        return tensor
    }

    /// A rank-1 tensor's name, shape and type, its values still to be set.
    private static func vector(_ name: String, count: Int, type: Onnx_TensorProto.DataType) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = [Int64(count)]
        tensor.dataType = Int32(type.rawValue)
        return tensor
    }

    @Test func aConstantOfShapeOfATrillionElementsIsRefusedBeforeAllocating() {
        let model = Self.model(
            nodes: [Self.node("ConstantOfShape", ["shape"], ["huge"])], initializers: [Self.int64s("shape", [1_000_000, 1_000_000])],
            input: nil, output: "huge")
        #expect(throws: ONNXImportError.tensorTooLarge(node: "huge", shape: [1_000_000, 1_000_000])) {
            try ONNXImporter.importGraph(model, inputShapes: [:])
        }
    }

    @Test func expandingAnInputToATrillionElementsIsRefusedBeforeAllocating() {
        let model = Self.model(nodes: [Self.node("Expand", ["x", "shape"], ["y"])], initializers: [Self.int64s("shape", [250_000_000_000, 4])], output: "y")
        #expect(throws: ONNXImportError.tensorTooLarge(node: "y", shape: [250_000_000_000, 4])) {
            try ONNXImporter.importGraph(model, inputShapes: ["x": [1, 4]])
        }
    }

    @Test func shapesWhoseProductOverflowsAreRefused() {
        #expect(ONNXImporter.elementCount([Int.max, 2]) == nil)
        #expect(ONNXImporter.elementCount([1 << 20, 1 << 20]) == nil)
        #expect(ONNXImporter.elementCount([4096, 128]) == 4096 * 128)
        #expect(ONNXImporter.elementCount([3, -1]) == nil)
    }

    @Test func aRangeOfAHugeSpanIsRefused() {
        let model = Self.model(
            nodes: [Self.node("Range", ["start", "limit", "delta"], ["r"])],
            initializers: [Self.int64s("start", [0]).scalar, Self.int64s("limit", [Int64.max]).scalar, Self.int64s("delta", [1]).scalar],
            input: nil, output: "r")
        #expect(throws: ONNXImportError.self) { try ONNXImporter.importGraph(model, inputShapes: [:]) }
    }

    /// A float `Range` whose step count does not fit in an `Int`, either way, is refused or empty, not a trap.
    @Test(arguments: [(Float(0), Float(1e30), Float(1), true), (Float(0), Float(-1e30), Float(1), false), (Float(1e30), Float(0), Float(1), false)])
    func aFloatRangeWithAStepCountBeyondIntIsRefusedOrEmpty(start: Float, limit: Float, delta: Float, refused: Bool) throws {
        let model = Self.model(
            nodes: [Self.node("Range", ["start", "limit", "delta"], ["r"])],
            initializers: [Self.floats("start", [start]).scalar, Self.floats("limit", [limit]).scalar, Self.floats("delta", [delta]).scalar],
            input: nil, output: "r")
        if refused {
            #expect(throws: ONNXImportError.tensorTooLarge(node: "r", shape: [Int.max])) { try ONNXImporter.importGraph(model, inputShapes: [:]) }
        } else {
            let imported = try ONNXImporter.importGraph(model, inputShapes: [:])
            let range = imported.foldedOutputs["r"] ?? imported.constants["r"]
            #expect(range?.asFloatTensor.shape == [0], "an empty range: \(String(describing: range))")
        }
    }

    @Test func aCyclicGraphIsRefusedNamingTheNode() {
        let model = Self.model(nodes: [Self.node("Relu", ["b"], ["a"]), Self.node("Relu", ["a"], ["b"])], input: nil, output: "b")
        #expect(performing: { try ONNXImporter.importGraph(model, inputShapes: [:]) }, throws: { error in
            (error as? ONNXImportError)?.message.contains("has a cycle") == true
        })
    }
}

extension Onnx_TensorProto {
    /// The same tensor as a scalar (dims []).
    var scalar: Onnx_TensorProto {
        var copy = self
        copy.dims = []
        return copy
    }
}

extension HostileModelTests {
    @Test func tilingOrPaddingToATrillionElementsIsRefusedBeforeAllocating() {
        let tile = Self.model(nodes: [Self.node("Tile", ["x", "repeats"], ["y"])], initializers: [Self.int64s("repeats", [1_000_000, 250_000])], output: "y")
        #expect(throws: ONNXImportError.tensorTooLarge(node: "y", shape: [1_000_000, 1_000_000])) {
            try ONNXImporter.importGraph(tile, inputShapes: ["x": [1, 4]])
        }
        let pad = Self.model(nodes: [Self.node("Pad", ["x", "pads"], ["y"])], initializers: [Self.int64s("pads", [0, 0, 0, 1_000_000_000_000])], output: "y")
        #expect(throws: ONNXImportError.tensorTooLarge(node: "y", shape: [1, 1_000_000_000_004])) {
            try ONNXImporter.importGraph(pad, inputShapes: ["x": [1, 4]])
        }
    }
}

/// Models the fuzzer (Tests/FuzzTests) found crashing or exhausting memory, each reduced to its cause.
extension HostileModelTests {
    static func shapeOf(_ name: String, _ dims: [Int64]) -> Onnx_ValueInfoProto {
        var value = Onnx_ValueInfoProto()
        value.name = name
        value.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        for size in dims {
            var dimension = Onnx_TensorShapeProto.Dimension()
            dimension.dimValue = size
            value.type.tensorType.shape.dim.append(dimension)
        }
        return value
    }

    @Test func aGraphInputDeclaringATrillionElementsIsRefusedBeforeAnythingIsAllocated() {
        var model = Self.model(nodes: [Self.node("Relu", ["x"], ["y"])], output: "y")
        model.graph.input = [Self.shapeOf("x", [1, 1_000_000_000_000, 6])]
        #expect(throws: ONNXImportError.inputTooLarge(input: "x", shape: [1, 1_000_000_000_000, 6])) {
            try ONNXImporter.importGraph(model, inputShapes: [:])
        }
        #expect(throws: ONNXImportError.inputTooLarge(input: "x", shape: [1, 1_000_000_000_000, 6])) {
            try ONNXImporter.importGraph(model, inputShapes: ["x": [1, 1_000_000_000_000, 6]])
        }
    }

    @Test func initializerDimsPastTheCapAreRefusedBeforeTheirDataIsRead() throws {
        var overflowing = Self.int64s("shape", [4, -1])
        overflowing.dims = [2, .max]
        #expect(throws: ONNXFileError.tensorTooLarge(tensor: "shape", dims: [2, .max])) {
            try ONNXTensorDecoder.decode(overflowing, externalDataDirectory: nil)
        }
        // External data of a trillion elements is refused before the file is opened (it does not exist).
        var external = Self.int64s("weights", [])
        external.dims = [1_000_000, 1_000_000]
        external.dataLocation = .external
        var location = Onnx_StringStringEntryProto()
        (location.key, location.value) = ("location", "weights.bin")
        external.externalData = [location]
        #expect(throws: ONNXFileError.tensorTooLarge(tensor: "weights", dims: [1_000_000, 1_000_000])) {
            try ONNXTensorDecoder.decode(external, externalDataDirectory: FileManager.default.temporaryDirectory)
        }
    }

    @Test func aNodeWithoutARequiredInputIsRefusedNamingThePosition() {
        var scale = Onnx_TensorProto()
        (scale.name, scale.dims, scale.floatData) = ("scale", [4], [1, 1, 1, 1])
        scale.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        let model = Self.model(nodes: [Self.node("BatchNormalization", ["x", "scale"], ["y"])], initializers: [scale], output: "y")
        #expect(performing: { try ONNXImporter.importGraph(model, inputShapes: ["x": [1, 4]]) }, throws: { error in
            let error = error as? ONNXImportError
            return error?.code == "invalid_graph" && error?.message.contains("needs an input at position 2") == true
        })
    }

    @Test func broadcastingOrMultiplyingToATrillionElementsIsRefusedBeforeAllocating() {
        let columns = Self.node("ConstantOfShape", ["columnShape"], ["column"])
        let rows = Self.node("ConstantOfShape", ["rowShape"], ["row"])
        let shapes = [Self.int64s("columnShape", [1_000_000, 1]), Self.int64s("rowShape", [1, 1_000_000])]
        for opType in ["Add", "Mul", "MatMul"] {
            let model = Self.model(nodes: [columns, rows, Self.node(opType, ["column", "row"], ["product"])], initializers: shapes, input: nil, output: "product")
            #expect(throws: ONNXImportError.tensorTooLarge(node: "product", shape: [1_000_000, 1_000_000]), "\(opType)") {
                try ONNXImporter.importGraph(model, inputShapes: [:])
            }
        }
    }

    @Test func reshapeTargetsConvGroupsAndPadsThatOverflowAreRefused() {
        let reshape = Self.model(
            nodes: [Self.node("Reshape", ["x", "shape"], ["y"])], initializers: [Self.int64s("shape", [.max, 2])], output: "y")
        #expect(throws: ONNXImportError.self) { try ONNXImporter.importGraph(reshape, inputShapes: ["x": [1, 4]]) }

        var weights = Onnx_TensorProto()
        (weights.name, weights.dims, weights.floatData) = ("w", [1, 1, 2], [1, 1])
        weights.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        for (name, value) in [("group", [Int64.max]), ("pads", [0, .max]), ("dilations", [Int64(1) << 62]), ("strides", [.max])] {
            var conv = Self.node("Conv", ["x", "w"], ["y"])
            var attribute = Onnx_AttributeProto()
            (attribute.name, attribute.type) = (name, name == "group" ? .int : .ints)
            if name == "group" { attribute.i = value[0] } else { attribute.ints = value }
            conv.attribute = [attribute]
            var model = Self.model(nodes: [conv], initializers: [weights], output: "y")
            model.graph.input = [Self.shapeOf("x", [1, 1, 8])]
            #expect(throws: ONNXImportError.self, "\(name) \(value)") { try ONNXImporter.importGraph(model, inputShapes: [:]) }
        }
    }
}
