import NeuralEngine

extension NodeContext {
    /// Conv, Gemm, MatMul, normalisations, pools and the recurrent layers.
    func lowerLayer() throws(ONNXImportError) -> LoweredNode? {
        switch opType {
        case "Conv":
            let kernel = Array(try shape(1, role: "weight").dropFirst(2))
            let conv = Conv(
                strides: attributes.ints("strides"), dilations: attributes.ints("dilations"),
                pads: try resolvedPads(kernel: kernel), group: attributes.int("group", default: 1))
            return LoweredNode(conv, inputs: [0, 1, input(2) == nil ? nil : 2])
        case "Gemm":
            let gemm = Gemm(
                alpha: attributes.float("alpha", default: 1), beta: attributes.float("beta", default: 1),
                transA: attributes.int("transA", default: 0) != 0, transB: attributes.int("transB", default: 0) != 0)
            return LoweredNode(gemm, inputs: [0, 1, input(2) == nil ? nil : 2])
        case "MatMul":
            return LoweredNode(MatMul(), inputs: [0, 1])
        case "BatchNormalization":
            if attributes.int("training_mode", default: 0) != 0 {
                throw unsupported("training_mode must be 0: the engine applies batch normalisation for inference")
            }
            return LoweredNode(BatchNormalization(epsilon: attributes.float("epsilon", default: 1e-5)), inputs: [0, 1, 2, 3, 4])
        case "LayerNormalization":
            let layerNorm = LayerNormalization(
                axis: attributes.int("axis", default: -1), epsilon: attributes.float("epsilon", default: 1e-5))
            return LoweredNode(layerNorm, inputs: [0, 1, input(2) == nil ? nil : 2])
        case "MaxPool":
            guard attributes.int("storage_order", default: 0) == 0 else { throw unsupported("storage_order 1 is not supported") }
            let kernel = try kernelShape()
            let pool = MaxPool(
                kernelShape: kernel, strides: attributes.ints("strides"), pads: try resolvedPads(kernel: kernel),
                dilations: attributes.ints("dilations"), ceilMode: attributes.int("ceil_mode", default: 0) != 0)
            return LoweredNode(pool, inputs: [0])
        case "AveragePool":
            let kernel = try kernelShape()
            let pool = AveragePool(
                kernelShape: kernel, strides: attributes.ints("strides"), pads: try resolvedPads(kernel: kernel),
                countIncludePad: attributes.int("count_include_pad", default: 0) != 0,
                ceilMode: attributes.int("ceil_mode", default: 0) != 0)
            return LoweredNode(pool, inputs: [0])
        case "GlobalAveragePool":
            return LoweredNode(GlobalAveragePool(), inputs: [0])
        case "GlobalMaxPool":
            return LoweredNode(GlobalMaxPool(), inputs: [0])
        case "LSTM", "GRU":
            return try lowerRecurrent()
        default:
            return nil
        }
    }

    private func kernelShape() throws(ONNXImportError) -> [Int] {
        guard let kernel = attributes.ints("kernel_shape") else { throw unsupported("kernel_shape is required") }
        return kernel
    }

    /// Explicit pads `[begin…, end…]`, with `auto_pad` SAME_UPPER / SAME_LOWER / VALID resolved against
    /// the input's spatial shape as ONNX Runtime does.
    func resolvedPads(kernel: [Int]) throws(ONNXImportError) -> [Int]? {
        let autoPad = attributes.string("auto_pad") ?? "NOTSET"
        switch autoPad {
        case "NOTSET", "":
            return attributes.ints("pads")
        case "VALID":
            return Array(repeating: 0, count: 2 * kernel.count)
        case "SAME_UPPER", "SAME_LOWER":
            let spatial = Array(try shape(0, role: "input").dropFirst(2))
            guard spatial.count == kernel.count else {
                throw .shapeMismatch(node: name, opType: opType, "input has \(spatial.count) spatial axes, kernel \(kernel.count)")
            }
            let strides = attributes.ints("strides") ?? Array(repeating: 1, count: kernel.count)
            let dilations = attributes.ints("dilations") ?? Array(repeating: 1, count: kernel.count)
            var begins: [Int] = []
            var ends: [Int] = []
            for axis in kernel.indices {
                let output = (spatial[axis] + strides[axis] - 1) / strides[axis]
                let total = max(0, (output - 1) * strides[axis] + (kernel[axis] - 1) * dilations[axis] + 1 - spatial[axis])
                let small = total / 2
                begins.append(autoPad == "SAME_UPPER" ? small : total - small)
                ends.append(autoPad == "SAME_UPPER" ? total - small : small)
            }
            return begins + ends
        default:
            throw unsupported("auto_pad '\(autoPad)' is not supported")
        }
    }

    /// LSTM and GRU. `sequence_lens`, an integer input in ONNX, reaches the engine as floats.
    private func lowerRecurrent() throws(ONNXImportError) -> LoweredNode {
        guard let hiddenSize = attributes.int("hidden_size") else { throw unsupported("hidden_size is required") }
        let directionName = attributes.string("direction") ?? "forward"
        guard let direction = RecurrentDirection(rawValue: directionName) else {
            throw unsupported("direction '\(directionName)' is not supported")
        }
        guard let layout = RecurrentLayout(rawValue: attributes.int("layout", default: 0)) else {
            throw unsupported("layout \(attributes.int("layout", default: 0)) is not supported")
        }
        let clip = attributes.float("clip")
        let isLSTM = opType == "LSTM"
        let defaultNames = isLSTM ? ["Sigmoid", "Tanh", "Tanh"] : ["Sigmoid", "Tanh"]
        let activations: [RecurrentActivation]
        do {
            activations = try RecurrentActivation.resolve(
                names: attributes.strings("activations") ?? defaultNames,
                alphas: attributes.floats("activation_alpha") ?? [], betas: attributes.floats("activation_beta") ?? [])
        } catch {
            throw unsupported("\(error)")
        }
        let present: (Int) -> Int? = { index in input(index) == nil ? nil : index }
        if isLSTM {
            let lstm = LSTM(
                hiddenSize: hiddenSize, direction: direction, layout: layout, activations: activations, clip: clip,
                inputForget: attributes.int("input_forget", default: 0) != 0)
            return LoweredNode(lstm, inputs: [0, 1, 2, present(3), present(4), present(5), present(6), present(7)])
        }
        let gru = GRU(
            hiddenSize: hiddenSize, direction: direction, layout: layout, activations: activations, clip: clip,
            linearBeforeReset: attributes.int("linear_before_reset", default: 0) != 0)
        return LoweredNode(gru, inputs: [0, 1, 2, present(3), present(4), present(5)])
    }
}
