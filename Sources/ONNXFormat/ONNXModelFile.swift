import Foundation
import NeuralEngine
import SwiftProtobuf

/// An ONNX model read from a `.onnx` file or from bytes: the `ModelProto`, its opset imports, and its
/// initializers decoded into engine values.
///
/// This is only the file format; lowering the graph's nodes to engine operators is the importer's job.
/// External data (tensors stored beside the model, as exporters do above 2 GB) is read from the directory of
/// the file the model came from; a model read from bytes has no such directory unless one is given.
public struct ONNXModelFile: Sendable {
    /// The default ONNX operator set's domain, which files may spell as "" or "ai.onnx".
    public static let defaultDomain = "ai.onnx"

    public let proto: Onnx_ModelProto
    /// Where external data files are looked up; nil for a model read from memory without one.
    public let externalDataDirectory: URL?

    /// Reads and parses a `.onnx` file; external data is read from the file's directory.
    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        try self.init(serializedBytes: data, externalDataDirectory: url.deletingLastPathComponent())
    }

    /// Parses the bytes of a `.onnx` file.
    public init(serializedBytes data: Data, externalDataDirectory: URL? = nil) throws(ONNXFileError) {
        let proto: Onnx_ModelProto
        do {
            proto = try Onnx_ModelProto(serializedBytes: data)
        } catch {
            throw .notAModel(reason: "\(error)")
        }
        guard proto.hasGraph else { throw .notAModel(reason: "the ModelProto has no graph") }
        self.proto = proto
        self.externalDataDirectory = externalDataDirectory
    }

    public var graph: Onnx_GraphProto { proto.graph }
    public var irVersion: Int { Int(proto.irVersion) }
    public var producer: String { [proto.producerName, proto.producerVersion].filter { !$0.isEmpty }.joined(separator: " ") }

    /// Operator set version by domain, with the default domain spelled `ai.onnx` (files write "" or "ai.onnx").
    public var opsetImports: [String: Int] {
        Dictionary(proto.opsetImport.map { (Self.normalizedDomain($0.domain), Int($0.version)) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The version of the default ONNX operator set, or nil when the file imports none.
    public var defaultOpsetVersion: Int? { opsetImports[Self.defaultDomain] }

    /// Names of the graph inputs that are not initializers (older exporters list initializers as inputs too).
    public var inputNames: [String] {
        let initializers = Set(graph.initializer.map(\.name))
        return graph.input.map(\.name).filter { !initializers.contains($0) }
    }

    public var outputNames: [String] { graph.output.map(\.name) }

    /// Every initializer of the main graph, decoded, by name.
    ///
    /// Throws on the first initializer that cannot be read, naming it. Sparse initializers are not included.
    public func initializers() throws(ONNXFileError) -> [String: ONNXTensorValue] {
        var values: [String: ONNXTensorValue] = [:]
        for tensor in graph.initializer {
            values[tensor.name] = try ONNXTensorDecoder.decode(tensor, externalDataDirectory: externalDataDirectory)
        }
        return values
    }

    /// One initializer, decoded; nil when the graph has none of that name.
    public func initializer(named name: String) throws(ONNXFileError) -> ONNXTensorValue? {
        guard let tensor = graph.initializer.first(where: { $0.name == name }) else { return nil }
        return try ONNXTensorDecoder.decode(tensor, externalDataDirectory: externalDataDirectory)
    }

    /// The declared dimensions of a graph input or output: a number, or the symbolic name (`batch`,
    /// `unk__192`, `s0`), or nil when the file leaves the dimension unnamed. Nil when `name` is neither.
    ///
    /// Declared shapes are what the exporter wrote, not a promise: torch's dynamo exporter, for one, can
    /// declare a fixed time length on an output whose input time axis is dynamic.
    public func declaredDimensions(of name: String) -> [ONNXDimension]? {
        guard let value = (graph.input + graph.output).first(where: { $0.name == name }) else { return nil }
        return value.type.tensorType.shape.dim.map { dimension in
            switch dimension.value {
            case .dimValue(let size): .fixed(Int(size))
            case .dimParam(let symbol): .symbolic(symbol)
            case nil: .unknown
            }
        }
    }

    static func normalizedDomain(_ domain: String) -> String {
        domain.isEmpty ? defaultDomain : domain
    }
}
