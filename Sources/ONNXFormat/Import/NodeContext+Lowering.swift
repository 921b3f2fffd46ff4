import NeuralEngine

extension NodeContext {
    /// The engine operator for this node, with its integer arguments resolved.
    func lower() throws(ONNXImportError) -> LoweredNode {
        if let lowered = try lowerElementwise() { return lowered }
        if let lowered = try lowerShapeOperator() { return lowered }
        if let lowered = try lowerLayer() { return lowered }
        throw .unsupportedOperator(node: name, opType: opType, domain: node.domain)
    }

    /// Elementwise arithmetic, activations, comparisons, Where, Clip, Softmax, Cast, Identity, Dropout.
    private func lowerElementwise() throws(ONNXImportError) -> LoweredNode? {
        let unary: [Int?] = [0]
        let binary: [Int?] = [0, 1]
        switch opType {
        case "Add": return LoweredNode(Add(), inputs: binary)
        case "Sub": return LoweredNode(Sub(), inputs: binary)
        case "Mul": return LoweredNode(Mul(), inputs: binary)
        case "Div": return LoweredNode(Div(), inputs: binary)
        case "Pow": return LoweredNode(Pow(), inputs: binary, foldedType: .float)
        case "PRelu": return LoweredNode(PRelu(), inputs: binary)
        case "Equal": return LoweredNode(Equal(), inputs: binary, foldedType: .bool)
        case "Less": return LoweredNode(Less(), inputs: binary, foldedType: .bool)
        case "Greater": return LoweredNode(Greater(), inputs: binary, foldedType: .bool)
        case "Neg": return LoweredNode(Neg(), inputs: unary)
        case "Sqrt": return LoweredNode(Sqrt(), inputs: unary, foldedType: .float)
        case "Exp": return LoweredNode(Exp(), inputs: unary, foldedType: .float)
        case "Log": return LoweredNode(Log(), inputs: unary, foldedType: .float)
        case "Relu": return LoweredNode(Relu(), inputs: unary)
        case "Sigmoid": return LoweredNode(Sigmoid(), inputs: unary, foldedType: .float)
        case "Tanh": return LoweredNode(Tanh(), inputs: unary, foldedType: .float)
        case "LeakyRelu": return LoweredNode(LeakyRelu(alpha: attributes.float("alpha", default: 0.01)), inputs: unary)
        case "Elu": return LoweredNode(Elu(alpha: attributes.float("alpha", default: 1)), inputs: unary)
        case "Selu":
            let selu = Selu(
                alpha: attributes.float("alpha", default: 1.67326319217681884765625),
                gamma: attributes.float("gamma", default: 1.05070102214813232421875))
            return LoweredNode(selu, inputs: unary)
        case "HardSigmoid":
            let hard = HardSigmoid(alpha: attributes.float("alpha", default: 0.2), beta: attributes.float("beta", default: 0.5))
            return LoweredNode(hard, inputs: unary)
        case "Softmax", "LogSoftmax":
            try requireSingleAxisSoftmax()
            let axis = attributes.int("axis", default: -1)
            return LoweredNode(opType == "Softmax" ? Softmax(axis: axis) : LogSoftmax(axis: axis), inputs: unary)
        case "Clip":
            let low = try constantScalar(1, role: "min") ?? attributes.float("min") ?? -.infinity
            let high = try constantScalar(2, role: "max") ?? attributes.float("max") ?? .infinity
            return LoweredNode(Clip(min: low, max: high), inputs: unary)
        case "Where":
            if let condition = input(0), condition.isConstant, let known = condition.known {
                return LoweredNode(Where(condition: known.asFloatTensor), inputs: [nil, 1, 2])
            }
            return LoweredNode(Where(), inputs: [0, 1, 2])
        case "Identity":
            return LoweredNode(Identity(), inputs: unary)
        case "Dropout":
            if let training = try constantInts(2, role: "training_mode"), training.first != 0 {
                throw unsupported("training_mode must be false: the engine runs models for inference")
            }
            return LoweredNode(Dropout(), inputs: unary)
        case "Cast":
            return try lowerCast()
        default:
            return nil
        }
    }

    /// Softmax before opset 13 flattens to 2-D around `axis`; that equals the single-axis form only
    /// when `axis` is the last axis.
    private func requireSingleAxisSoftmax() throws(ONNXImportError) {
        guard opset < 13 else { return }
        let rank = try shape(0, role: "input").count
        let axis = attributes.int("axis", default: 1)
        guard axis == rank - 1 || axis == -1 else {
            throw unsupported("opset \(opset) \(opType) over axes \(axis)…\(rank - 1) (flattened) is not supported; re-export with opset 13 or later")
        }
    }

    /// Cast to a float type runs as identity; casts to integers or bools are only folded at import.
    private func lowerCast() throws(ONNXImportError) -> LoweredNode {
        let target = attributes.int("to", default: 1)
        switch target {
        case 1, 10, 11, 16:
            return LoweredNode(Cast(), inputs: [0], foldedType: .float)
        case 9:
            guard input(0)?.isConstant == true else {
                throw unsupported("casting run-time data to bool is not supported (only constants are cast)")
            }
            return LoweredNode(Cast(), inputs: [0], foldedType: .bool)
        default:
            guard input(0)?.isConstant == true else {
                throw unsupported("casting run-time data to \(ONNXTensorValue.dataTypeName(Int32(target))) is not supported (only constants are cast)")
            }
            return LoweredNode(Cast(), inputs: [0], foldedType: .integer)
        }
    }
}
