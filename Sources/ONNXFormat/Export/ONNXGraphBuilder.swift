import Foundation
import NeuralEngine

/// Accumulates the nodes and initializers of an exported ONNX graph.
///
/// Operators add their node through `emit(…)`; integer arguments the engine resolved into the operator
/// (target shapes, axes, pads) come back as int64 initializers made with `integerConstant(…)`, named
/// after the node and role (`reshape_0/shape`) and made unique against every tensor name of the graph.
/// A custom `Operator` becomes exportable by conforming to `ONNXNodeExporting` and calling these.
public struct ONNXGraphBuilder {
    /// Version of the default ONNX opset being written; decides input-versus-attribute forms.
    public let opset: Int
    /// Shapes of every tensor of the graph at the first probe sizes (ranks are what exporters need).
    let shapes: [String: [Int]]
    let parameters: [String: Tensor]
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    /// Parameters read by some node as floats; the others are written only if nobody reads them as integers.
    private(set) var floatUses: Set<String> = []
    private(set) var integerUses: Set<String> = []
    private var takenNames: Set<String>

    init(opset: Int, shapes: [String: [Int]], parameters: [String: Tensor], takenNames: Set<String>) {
        self.opset = opset
        self.shapes = shapes
        self.parameters = parameters
        self.takenNames = takenNames
    }

    /// The shape of a tensor at the first probe sizes; throws for a name the graph does not have.
    public func shape(of tensor: String, node: Graph.Node) throws(ONNXExportError) -> [Int] {
        guard let shape = shapes[tensor] else { throw .unknownTensor(node: node.name, tensor: tensor) }
        return shape
    }

    /// A name no tensor of the graph uses yet, starting from `base`.
    public mutating func uniqueName(_ base: String) -> String {
        var candidate = base
        var suffix = 1
        while takenNames.contains(candidate) {
            candidate = "\(base)_\(suffix)"
            suffix += 1
        }
        takenNames.insert(candidate)
        return candidate
    }

    /// Adds one ONNX node; trailing empty (absent) inputs are dropped.
    public mutating func emit(
        _ opType: String, name: String, inputs: [String], outputs: [String], attributes: [Onnx_AttributeProto] = []
    ) {
        var node = Onnx_NodeProto()
        node.opType = opType
        node.name = name
        var inputs = inputs
        while inputs.last?.isEmpty == true { inputs.removeLast() }
        node.input = inputs
        node.output = outputs
        node.attribute = attributes
        nodes.append(node)
        for input in inputs where !input.isEmpty { floatUses.insert(input) }
    }

    /// Adds the node as it stands in the graph (same inputs and outputs) under `opType`.
    public mutating func emit(_ node: Graph.Node, as opType: String, attributes: [Onnx_AttributeProto] = [], extraInputs: [String] = []) {
        emit(opType, name: node.name, inputs: node.inputs + extraInputs, outputs: node.outputs, attributes: attributes)
    }

    /// An int64 initializer `node/role` holding `values` (a 1-D tensor unless `shape` says otherwise).
    public mutating func integerConstant(_ values: [Int], shape: [Int]? = nil, node: Graph.Node, role: String) -> String {
        let name = uniqueName("\(node.name)/\(role)")
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        tensor.dims = (shape ?? [values.count]).map(Int64.init)
        tensor.rawData = ONNXGraphBuilder.littleEndianBytes(values.map { Int64($0) })
        initializers.append(tensor)
        return name
    }

    /// A float32 initializer `node/role`; `shape` [] is a scalar.
    public mutating func floatConstant(_ values: [Float], shape: [Int], node: Graph.Node, role: String) -> String {
        let name = uniqueName("\(node.name)/\(role)")
        initializers.append(ONNXGraphBuilder.floatInitializer(name: name, Tensor(shape: shape, values: values)!))
        return name
    }

    /// A bool initializer `node/role` with entries `values != 0`.
    public mutating func boolConstant(_ tensor: Tensor, node: Graph.Node, role: String) -> String {
        let name = uniqueName("\(node.name)/\(role)")
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(Onnx_TensorProto.DataType.bool.rawValue)
        proto.dims = tensor.shape.map(Int64.init)
        proto.rawData = Data(tensor.values.map { $0 != 0 ? UInt8(1) : UInt8(0) })
        initializers.append(proto)
        return name
    }

    /// An int32 copy of a float tensor `source` (a parameter: as an initializer; at run time: a `Cast`),
    /// for inputs ONNX types as integers that the engine holds as floats (`sequence_lens`).
    public mutating func int32Input(_ source: String, node: Graph.Node, role: String) -> String {
        if let tensor = parameters[source] {
            integerUses.insert(source)
            let name = uniqueName("\(source)/int32")
            var proto = Onnx_TensorProto()
            proto.name = name
            proto.dataType = Int32(Onnx_TensorProto.DataType.int32.rawValue)
            proto.dims = tensor.shape.map(Int64.init)
            proto.rawData = ONNXGraphBuilder.littleEndianBytes(tensor.values.map { Int32($0) })
            initializers.append(proto)
            return name
        }
        let name = uniqueName("\(node.name)/\(role)")
        emit("Cast", name: "\(node.name)/\(role)_cast", inputs: [source], outputs: [name],
             attributes: [.int("to", Int(Onnx_TensorProto.DataType.int32.rawValue))])
        return name
    }

    /// A float32 initializer with `raw_data` in little-endian order.
    static func floatInitializer(name: String, _ tensor: Tensor) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        proto.dims = tensor.shape.map(Int64.init)
        proto.rawData = littleEndianBytes(tensor.values.map(\.bitPattern))
        return proto
    }

    static func littleEndianBytes<Value: FixedWidthInteger>(_ values: [Value]) -> Data {
        var data = Data(capacity: values.count * MemoryLayout<Value>.size)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }
}
