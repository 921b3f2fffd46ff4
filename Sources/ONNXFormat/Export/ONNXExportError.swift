/// Why a graph could not be written as ONNX; every case names the node, tensor or setting concerned.
public enum ONNXExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The node's operator has no ONNX form in the exporter (a custom `Operator`, or one the opset lacks).
    case unsupportedOperator(node: String, opType: String, reason: String)
    /// The requested opset is outside what the exporter writes.
    case unsupportedOpset(Int, supported: ClosedRange<Int>)
    /// A node reads a tensor that is neither a graph input, a parameter nor an earlier node's output.
    case unknownTensor(node: String, tensor: String)
    /// Shapes could not be worked out (e.g. the graph does not run at the symbolic sizes it declares).
    case shapeInference(String)
    /// A declared input or output shape disagrees with the graph.
    case invalidShape(String)

    public var description: String {
        switch self {
        case .unsupportedOperator(let node, let opType, let reason):
            return "node '\(node)' uses operator '\(opType)', which cannot be exported: \(reason); exportable: "
                + ONNXExporter.exportableOperators.sorted().joined(separator: ", ")
        case .unsupportedOpset(let opset, let supported):
            return "opset \(opset) is not supported; the exporter writes opsets \(supported.lowerBound) to \(supported.upperBound)"
        case .unknownTensor(let node, let tensor):
            return "node '\(node)' reads '\(tensor)', which is neither a graph input, a parameter nor an earlier node's output"
        case .shapeInference(let message), .invalidShape(let message):
            return message
        }
    }
}
