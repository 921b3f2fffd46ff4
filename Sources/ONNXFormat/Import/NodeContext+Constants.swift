import NeuralEngine

extension NodeContext {
    /// Evaluates the operators whose outputs are always known at import: `Constant`, `Shape`, `Size`,
    /// `ConstantOfShape`, `Range`. Returns nil for every other operator.
    func foldSpecial() throws(ONNXImportError) -> [ONNXTensorValue]? {
        switch opType {
        case "Constant": return [try constantValue()]
        case "Shape": return [try shapeValue()]
        case "Size": return [.integer(shape: [], values: [try shape(0, role: "data").reduce(1, *)])]
        case "ConstantOfShape": return [try constantOfShape()]
        case "Range": return [try range()]
        default: return nil
        }
    }

    private func constantValue() throws(ONNXImportError) -> ONNXTensorValue {
        if let proto = attributes.tensor("value") {
            do {
                return try ONNXTensorDecoder.decode(proto, externalDataDirectory: nil)
            } catch {
                throw unsupported("its value cannot be read: \(error)")
            }
        }
        if let value = attributes.float("value_float") { return .float(Tensor(shape: [], repeating: value)) }
        if let values = attributes.floats("value_floats") {
            return .float(Tensor(shape: [values.count], values: values) ?? Tensor(shape: [0]))
        }
        if let value = attributes.int("value_int") { return .integer(shape: [], values: [value]) }
        if let values = attributes.ints("value_ints") { return .integer(shape: [values.count], values: values) }
        throw unsupported("only value, value_float(s) and value_int(s) constants are supported (attributes: \(attributes.names.sorted()))")
    }

    /// ONNX Shape, with the `start`/`end` slice of opset 15.
    private func shapeValue() throws(ONNXImportError) -> ONNXTensorValue {
        let dims = try shape(0, role: "data")
        let rank = dims.count
        func clamp(_ index: Int) -> Int { min(max(index < 0 ? index + rank : index, 0), rank) }
        let start = clamp(attributes.int("start", default: 0))
        let end = clamp(attributes.int("end", default: rank))
        let slice = start < end ? Array(dims[start..<end]) : []
        return .integer(shape: [slice.count], values: slice)
    }

    private func constantOfShape() throws(ONNXImportError) -> ONNXTensorValue {
        guard let dims = try constantInts(0, role: "shape") else {
            throw .shapeMismatch(node: name, opType: opType, "its shape input is missing")
        }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw .shapeMismatch(node: name, opType: opType, "shape \(dims) has a negative dimension")
        }
        guard let count = ONNXImporter.elementCount(dims) else { throw .tensorTooLarge(node: name, shape: dims) }
        guard let proto = attributes.tensor("value") else {
            return .float(Tensor(shape: dims))
        }
        let fill: ONNXTensorValue
        do {
            fill = try ONNXTensorDecoder.decode(proto, externalDataDirectory: nil)
        } catch {
            throw unsupported("its value cannot be read: \(error)")
        }
        switch fill {
        case .float(let tensor): return .float(Tensor(shape: dims, repeating: tensor.values.first ?? 0))
        case .integer(_, let values): return .integer(shape: dims, values: Array(repeating: values.first ?? 0, count: count))
        case .bool(_, let values): return .bool(shape: dims, values: Array(repeating: values.first ?? false, count: count))
        }
    }

    /// ONNX Range: start, start + delta, … while below (above, for a negative delta) limit.
    private func range() throws(ONNXImportError) -> ONNXTensorValue {
        guard let start = input(0)?.known, let limit = input(1)?.known, let delta = input(2)?.known else {
            throw .dynamicValue(node: name, opType: opType, input: node.input.first ?? "", role: "start, limit and delta")
        }
        if let first = start.integers?.first, let last = limit.integers?.first, let step = delta.integers?.first {
            guard step != 0 else { throw .shapeMismatch(node: name, opType: opType, "delta is 0") }
            let (span, overflow) = last.subtractingReportingOverflow(first)
            guard !overflow, ONNXImporter.elementCount([max(0, span / step)]) != nil else {
                throw .tensorTooLarge(node: name, shape: [overflow ? Int.max : span / step])
            }
            let values = Array(stride(from: first, to: last, by: step))
            return .integer(shape: [values.count], values: values)
        }
        let first = start.asFloatTensor.values.first ?? 0
        let last = limit.asFloatTensor.values.first ?? 0
        let step = delta.asFloatTensor.values.first ?? 1
        guard step != 0 else { throw .shapeMismatch(node: name, opType: opType, "delta is 0") }
        let steps = ((last - first) / step).rounded(.up)
        guard steps.isFinite, steps < Float(ONNXImporter.maximumTensorElements) else {
            throw .tensorTooLarge(node: name, shape: [Int(exactly: steps) ?? Int.max])  // finite steps may pass Int.max too
        }
        let count = steps > 0 ? Int(steps) : 0  // a large negative count would not fit in an Int
        let values = (0..<count).map { first + Float($0) * step }
        return .float(Tensor(shape: [count], values: values) ?? Tensor(shape: [0]))
    }
}
