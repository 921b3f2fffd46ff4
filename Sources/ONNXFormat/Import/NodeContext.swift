import NeuralEngine

/// One ONNX node during import: its inputs as known so far, its attributes, and the model's opset.
struct NodeContext {
    let node: Onnx_NodeProto
    let name: String
    let inputs: [ImportValue?]
    let opset: Int
    let attributes: NodeAttributes

    init(node: Onnx_NodeProto, name: String, inputs: [ImportValue?], opset: Int) {
        self.node = node
        self.name = name
        self.inputs = inputs
        self.opset = opset
        self.attributes = NodeAttributes(node)
    }

    var opType: String { node.opType }

    func input(_ index: Int) -> ImportValue? {
        index < inputs.count ? inputs[index] : nil
    }

    /// The shape of input `index`, which must be present.
    func shape(_ index: Int, role: String) throws(ONNXImportError) -> [Int] {
        guard let value = input(index) else {
            throw .shapeMismatch(node: name, opType: opType, "its \(role) input is missing")
        }
        return value.shape
    }

    /// The integers of input `index` when it is known at import; nil when the input is absent.
    func constantInts(_ index: Int, role: String) throws(ONNXImportError) -> [Int]? {
        guard let value = input(index) else { return nil }
        guard let known = value.known else {
            throw .dynamicValue(node: name, opType: opType, input: node.input[index], role: role)
        }
        switch known {
        case .integer(_, let values): return values
        case .float(let tensor): return tensor.values.map { Int($0) }
        case .bool(_, let values): return values.map { $0 ? 1 : 0 }
        }
    }

    /// The first float of input `index` when known at import (a scalar such as Clip's min); nil when absent.
    func constantScalar(_ index: Int, role: String) throws(ONNXImportError) -> Float? {
        guard let value = input(index) else { return nil }
        guard let known = value.known else {
            throw .dynamicValue(node: name, opType: opType, input: node.input[index], role: role)
        }
        return known.asFloatTensor.values.first
    }

    /// Normalises a possibly negative axis against `rank`.
    func axis(_ axis: Int, rank: Int) throws(ONNXImportError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard (0..<max(rank, 1)).contains(resolved) else {
            throw .shapeMismatch(node: name, opType: opType, "axis \(axis) is out of range for rank \(rank)")
        }
        return resolved
    }

    func unsupported(_ detail: String) -> ONNXImportError {
        .unsupportedAttribute(node: name, opType: opType, detail)
    }

    // MARK: Folding

    /// Evaluates `lowered` on constant inputs and converts its outputs to the types ONNX gives them.
    func fold(_ lowered: LoweredNode, engineInputs: [ImportValue?]) throws(ONNXImportError) -> [ONNXTensorValue] {
        var tensors: [Tensor?] = []
        var kinds: [ONNXTensorValue] = []
        for value in engineInputs {
            guard let known = value?.known else {
                tensors.append(nil)
                continue
            }
            if case .integer(_, let values) = known, let large = values.first(where: { !(-(1 << 24)...(1 << 24)).contains($0) }) {
                throw .unsupportedAttribute(
                    node: name, opType: opType, "cannot fold integer \(large): integers beyond ±2^24 are not exact in float32")
            }
            tensors.append(known.asFloatTensor)
            kinds.append(known)
        }
        let outputs: [Tensor]
        do {
            outputs = try lowered.op.forward(tensors).outputs
        } catch {
            throw .shapeMismatch(node: name, opType: opType, "\(error)")
        }
        let allInteger = !kinds.isEmpty && kinds.allSatisfy { if case .integer = $0 { true } else { false } }
        let allBool = !kinds.isEmpty && kinds.allSatisfy { if case .bool = $0 { true } else { false } }
        return outputs.map { tensor in
            switch lowered.foldedType {
            case .bool: return .bool(shape: tensor.shape, values: tensor.values.map { $0 != 0 })
            case .integer: return .integer(shape: tensor.shape, values: tensor.values.map { Int($0.rounded(.towardZero)) })
            case .float: return .float(tensor)
            case .followInputs:
                if allInteger { return .integer(shape: tensor.shape, values: tensor.values.map { Int($0.rounded(.towardZero)) }) }
                if allBool { return .bool(shape: tensor.shape, values: tensor.values.map { $0 != 0 }) }
                return .float(tensor)
            }
        }
    }
}
