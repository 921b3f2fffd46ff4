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

    static func int64s(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = [Int64(values.count)]
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        tensor.int64Data = values
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
