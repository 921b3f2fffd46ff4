import Foundation
import NeuralEngine

extension ONNXModelFile {
    /// The model `ONNXExporter.export` makes of `graph` (same parameters), ready to write.
    public init(
        exporting graph: Graph, opset: Int = ONNXExporter.defaultOpset, producer: String = "auscult", modelName: String,
        docString: String = "", inputShapes: [String: [ONNXDimension]]? = nil, outputShapes: [String: [ONNXDimension]]? = nil
    ) throws(ONNXExportError) {
        let model = try ONNXExporter.export(
            graph, opset: opset, producer: producer, modelName: modelName, docString: docString,
            inputShapes: inputShapes, outputShapes: outputShapes)
        self.init(proto: model, externalDataDirectory: nil)
    }

    /// Wraps a model built in memory.
    init(proto: Onnx_ModelProto, externalDataDirectory: URL?) {
        self.proto = proto
        self.externalDataDirectory = externalDataDirectory
    }

    /// The bytes of the `.onnx` file.
    public func serializedBytes() throws -> Data {
        try ONNXExporter.serializedBytes(proto)
    }

    /// Writes the model as a `.onnx` file (all tensors inside the file), replacing any file at `url`.
    public func write(to url: URL) throws {
        try serializedBytes().write(to: url, options: .atomic)
    }
}
