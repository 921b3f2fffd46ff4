import NeuralEngine

extension LSTM: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var attributes = RecurrentAttributes.common(
            hiddenSize: hiddenSize, direction: direction, layout: layout, clip: clip,
            activations: activations, defaults: [.sigmoid, .tanh, .tanh])
        if inputForget { attributes.append(.int("input_forget", 1)) }
        try RecurrentAttributes.emit(node, opType: opType, attributes: attributes, into: &builder)
    }
}

extension GRU: ONNXNodeExporting {
    public func exportONNX(_ node: Graph.Node, into builder: inout ONNXGraphBuilder) throws(ONNXExportError) {
        var attributes = RecurrentAttributes.common(
            hiddenSize: hiddenSize, direction: direction, layout: layout, clip: clip,
            activations: activations, defaults: [.sigmoid, .tanh])
        attributes.append(.int("linear_before_reset", linearBeforeReset ? 1 : 0))
        try RecurrentAttributes.emit(node, opType: opType, attributes: attributes, into: &builder)
    }
}

/// The attributes LSTM and GRU share, and their `activations` in ONNX spelling.
enum RecurrentAttributes {
    static func common(
        hiddenSize: Int, direction: RecurrentDirection, layout: RecurrentLayout, clip: Float?,
        activations: [RecurrentActivation], defaults: [RecurrentActivation]
    ) -> [Onnx_AttributeProto] {
        var attributes: [Onnx_AttributeProto] = [
            .int("hidden_size", hiddenSize), .string("direction", direction.rawValue),
        ]
        if layout != .timeMajor { attributes.append(.int("layout", layout.rawValue)) }
        if let clip { attributes.append(.float("clip", clip)) }
        // ONNX wants one list per direction; the engine may hold one list used by both.
        let perDirection = activations.count == defaults.count
            ? Array(repeating: activations, count: direction.count).flatMap { $0 } : activations
        if perDirection != Array(repeating: defaults, count: direction.count).flatMap({ $0 }) {
            let spelled = perDirection.map(spelling)
            attributes.append(.strings("activations", spelled.map(\.name)))
            let alphas = spelled.compactMap(\.alpha)
            let betas = spelled.compactMap(\.beta)
            if !alphas.isEmpty { attributes.append(.floats("activation_alpha", alphas)) }
            if !betas.isEmpty { attributes.append(.floats("activation_beta", betas)) }
        }
        return attributes
    }

    /// ONNX name and parameters of an activation; alphas and betas are listed only for the functions that
    /// take them, in order, which is how ONNX Runtime (and the importer) consume them.
    static func spelling(_ activation: RecurrentActivation) -> (name: String, alpha: Float?, beta: Float?) {
        switch activation {
        case .sigmoid: ("Sigmoid", nil, nil)
        case .tanh: ("Tanh", nil, nil)
        case .relu: ("Relu", nil, nil)
        case .softsign: ("Softsign", nil, nil)
        case .softplus: ("Softplus", nil, nil)
        case let .hardSigmoid(alpha, beta): ("HardSigmoid", alpha, beta)
        case let .affine(alpha, beta): ("Affine", alpha, beta)
        case let .leakyRelu(alpha): ("LeakyRelu", alpha, nil)
        case let .thresholdedRelu(alpha): ("ThresholdedRelu", alpha, nil)
        case let .scaledTanh(alpha, beta): ("ScaledTanh", alpha, beta)
        case let .elu(alpha): ("Elu", alpha, nil)
        }
    }

    /// Writes the node; `sequence_lens` (input 4), floats in the engine, becomes int32 as ONNX requires.
    static func emit(
        _ node: Graph.Node, opType: String, attributes: [Onnx_AttributeProto], into builder: inout ONNXGraphBuilder
    ) throws(ONNXExportError) {
        var inputs = node.inputs
        if inputs.count > 4, !inputs[4].isEmpty {
            inputs[4] = builder.int32Input(inputs[4], node: node, role: "sequence_lens")
        }
        builder.emit(opType, name: node.name, inputs: inputs, outputs: node.outputs, attributes: attributes)
    }
}
