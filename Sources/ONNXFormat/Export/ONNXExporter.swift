import Foundation
import NeuralEngine
import SwiftProtobuf

/// Writes an engine `Graph` as an ONNX model that ONNX Runtime loads and `ONNXImporter` reads back.
///
/// Parameters become float32 initializers (`raw_data`, little-endian); nodes keep their names and the
/// names of the tensors they read and write, so a user's names survive a round trip. Integer arguments
/// the importer resolved into operators (Reshape targets, Slice bounds, axes for opset 13+, pads, …)
/// are written back as int64 initializers named `<node>/<role>`.
///
/// Shapes: a graph input dimension of -1 is declared symbolic (`batch` on axis 0, `dim_<axis>`
/// otherwise) unless `inputShapes` says otherwise; output dimensions are found by evaluating the graph's
/// shapes at two sizes of every symbolic dimension. A graph whose shape arguments were fixed at import
/// (a Reshape to `[2, 16, 256]`) declares fixed sizes and only runs at them.
///
/// Opsets 14 to 21 are written (LSTM and GRU `layout` need 14); the default, 17, is what the importer's
/// fixtures and ONNX Runtime 1.32 use throughout.
public enum ONNXExporter {
    public static let defaultOpset = 17
    public static let supportedOpsets: ClosedRange<Int> = 14...21

    /// Engine operator types with an ONNX form.
    public static let exportableOperators: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Equal", "Less", "Greater", "Neg", "Sqrt", "Exp", "Log",
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Softmax", "LogSoftmax", "Clip",
        "Where", "Identity", "Dropout", "Cast", "Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
        "Concat", "Split", "Slice", "Gather", "Expand", "Tile", "Pad", "ReduceMean", "ReduceSum", "ReduceMax",
        "ReduceProd", "Conv", "Gemm", "MatMul", "BatchNormalization", "LayerNormalization", "MaxPool",
        "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LSTM", "GRU",
    ]

    /// Builds the `ModelProto` of `graph`.
    ///
    /// - Parameters:
    ///   - inputShapes: declared dimensions per graph input, overriding the ones derived from the graph
    ///     (each must have the input's rank; a fixed size must match a fixed size of the graph).
    ///   - outputShapes: declared dimensions per graph output, overriding the inferred ones.
    /// - Throws: `ONNXExportError` naming the node and operator that has no ONNX form, or the tensor
    ///   whose shape is inconsistent.
    public static func export(
        _ graph: Graph, opset: Int = defaultOpset, producer: String = "auscult", modelName: String,
        docString: String = "", inputShapes: [String: [ONNXDimension]]? = nil,
        outputShapes: [String: [ONNXDimension]]? = nil
    ) throws(ONNXExportError) -> Onnx_ModelProto {
        guard supportedOpsets.contains(opset) else { throw .unsupportedOpset(opset, supported: supportedOpsets) }
        let inputDimensions = try declaredInputDimensions(graph, inputShapes ?? [:])
        let probe = try GraphShapeProbe(graph, inputDimensions: inputDimensions)

        var taken = Set(graph.inputs.map(\.name)).union(graph.parameters.keys)
        for node in graph.nodes { taken.formUnion(node.outputs) }
        var builder = ONNXGraphBuilder(opset: opset, shapes: probe.firstShapes, parameters: graph.parameters, takenNames: taken)
        for node in graph.nodes {
            guard let exporting = node.op as? any ONNXNodeExporting else {
                throw .unsupportedOperator(node: node.name, opType: node.op.opType, reason: "the exporter has no ONNX form for it")
            }
            try exporting.exportONNX(node, into: &builder)
        }

        var proto = Onnx_GraphProto()
        proto.name = modelName
        proto.docString = docString
        proto.node = builder.nodes
        let outputNames = Set(graph.outputs)
        let written = graph.parameters.keys.sorted().filter { name in
            builder.floatUses.contains(name) || outputNames.contains(name) || !builder.integerUses.contains(name)
        }
        proto.initializer = written.map { ONNXGraphBuilder.floatInitializer(name: $0, graph.parameters[$0]!) }
            + builder.initializers
        proto.input = graph.inputs.map { valueInfo($0.name, inputDimensions[$0.name]!) }
        proto.output = try graph.outputs.map { name throws(ONNXExportError) in
            if let declared = outputShapes?[name] { return valueInfo(name, declared) }
            guard let dimensions = probe.dimensions(of: name) else {
                throw .invalidShape("graph output '\(name)' is produced by no node and is neither an input nor a parameter")
            }
            return valueInfo(name, dimensions)
        }

        var model = Onnx_ModelProto()
        model.irVersion = irVersion(forOpset: opset)
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.domain = ""
        opsetImport.version = Int64(opset)
        model.opsetImport = [opsetImport]
        model.producerName = producer
        model.docString = docString
        model.graph = proto
        return model
    }

    /// The bytes of a `.onnx` file holding `model`.
    public static func serializedBytes(_ model: Onnx_ModelProto) throws -> Data {
        try model.serializedData()
    }

    /// The IR version that goes with an opset (ONNX's versioning table): 8 for opsets 15–18, 9 for 19–20,
    /// 10 for 21.
    static func irVersion(forOpset opset: Int) -> Int64 {
        switch opset {
        case ...14: 7
        case 15...18: 8
        case 19...20: 9
        default: 10
        }
    }

    static func declaredInputDimensions(
        _ graph: Graph, _ given: [String: [ONNXDimension]]
    ) throws(ONNXExportError) -> [String: [ONNXDimension]] {
        let known = Set(graph.inputs.map(\.name))
        if let unknown = given.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidShape("'\(unknown)' is not a graph input; inputs are \(graph.inputs.map(\.name).joined(separator: ", "))")
        }
        var result: [String: [ONNXDimension]] = [:]
        for (name, shape) in graph.inputs {
            let derived = shape.enumerated().map { axis, size -> ONNXDimension in
                size >= 0 ? .fixed(size) : .symbolic(axis == 0 ? "batch" : "dim_\(axis)")
            }
            guard let declared = given[name] else {
                result[name] = derived
                continue
            }
            let consistent = declared.count == shape.count && zip(declared, shape).allSatisfy { dimension, size in
                if case .fixed(let fixed) = dimension { return size < 0 || size == fixed }
                return true
            }
            guard consistent else {
                throw .invalidShape("input '\(name)' is declared \(declared) but the graph has shape \(shape)")
            }
            result[name] = declared
        }
        return result
    }

    static func valueInfo(_ name: String, _ dimensions: [ONNXDimension]) -> Onnx_ValueInfoProto {
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensorType.shape.dim = dimensions.map { dimension in
            var proto = Onnx_TensorShapeProto.Dimension()
            switch dimension {
            case .fixed(let size): proto.dimValue = Int64(size)
            case .symbolic(let symbol): proto.dimParam = symbol
            case .unknown: break
            }
            return proto
        }
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensorType
        return info
    }
}
