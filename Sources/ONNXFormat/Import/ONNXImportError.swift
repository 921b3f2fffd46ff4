/// Why an ONNX graph cannot be run by the engine, naming the node, its operator and the fact at fault.
public struct ONNXImportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Stable machine-readable reason: `unsupported_operator`, `unsupported_attribute`, `shape_mismatch`,
    /// `unknown_input`, `dynamic_value`, `invalid_graph`, `invalid_model`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unsupportedOperator(node: String, opType: String, domain: String) -> ONNXImportError {
        let qualified = domain.isEmpty || domain == "ai.onnx" ? opType : "\(domain).\(opType)"
        return ONNXImportError(
            code: "unsupported_operator",
            message: "node '\(node)' uses operator '\(qualified)', which is not supported; supported: "
                + ONNXImporter.supportedOperators.sorted().joined(separator: ", "))
    }

    static func unsupportedAttribute(node: String, opType: String, _ detail: String) -> ONNXImportError {
        ONNXImportError(code: "unsupported_attribute", message: "node '\(node)' (\(opType)): \(detail)")
    }

    static func shapeMismatch(node: String, opType: String, _ detail: String) -> ONNXImportError {
        ONNXImportError(code: "shape_mismatch", message: "node '\(node)' (\(opType)): \(detail)")
    }

    static func dynamicValue(node: String, opType: String, input: String, role: String) -> ONNXImportError {
        ONNXImportError(
            code: "dynamic_value",
            message: "node '\(node)' (\(opType)): its \(role) input '\(input)' must be computable at import "
                + "(from constants and shapes), but it depends on the data")
    }

    static func tensorTooLarge(node: String, shape: [Int]) -> ONNXImportError {
        ONNXImportError(
            code: "tensor_too_large",
            message: "node '\(node)' would make a tensor of shape \(shape), more than the \(ONNXImporter.maximumTensorElements) elements one tensor may hold; refused before allocating it")
    }

    static func forwardTooLarge(node: String, elements: Int, limit: Int) -> ONNXImportError {
        let gib = { (count: Int) in String(format: "%.1f GiB", Double(count) * 4 / Double(1 << 30)) }
        return ONNXImportError(
            code: "forward_too_large",
            message: "a forward pass would hold \(elements == Int.max ? "more than \(limit)" : String(elements)) float32 elements "
                + "(\(elements == Int.max ? "over \(gib(limit))" : gib(elements))) by node '\(node)', more than the limit of \(limit) (\(gib(limit))); "
                + "refused before running it (use smaller inputs or a smaller batch)")
    }

    static func inputTooLarge(input: String, shape: [Int]) -> ONNXImportError {
        ONNXImportError(
            code: "tensor_too_large",
            message: "graph input '\(input)' has shape \(shape), more than the \(ONNXImporter.maximumTensorElements) elements one tensor may hold; refused before allocating it")
    }

    static func invalidGraph(_ detail: String) -> ONNXImportError {
        ONNXImportError(code: "invalid_graph", message: detail)
    }
}
