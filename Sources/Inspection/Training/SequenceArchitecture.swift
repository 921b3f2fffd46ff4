import Foundation
import NeuralEngine

/// The shape of one of Auscult's own sequence models, and the builder of its engine graph.
///
/// Every model reads `series [N, 4096, 3]` and `metadata [N, 4]` (see `SequenceInputEncoding`) and
/// writes `per_step [N, T', 1]` (logits per step, before pooling) and `pooled [N, 1]`
/// (`sigmoid(mean over time of per_step)`); `pooled_logit [N, 1]` is the mean before the sigmoid.
///
/// Layers, with the tensor names the inspection tools see:
/// - `conv1` (stride `firstStride`, kernel `firstKernel`, no padding beyond `(firstKernel − firstStride) / 2`
///   per side, so `T' = 4096 / firstStride`) → `act1`; `conv2` (kernel 5, pad 2) → `act2`;
///   `conv3` (kernel 5, pad 2) → `act3`; activations are ReLU or LeakyReLU(α).
/// - `recurrent == .bidirectional`/`.forward`: an LSTM over `act3` whose initial h and c are
///   `Gemm(metadata)` (`init_h`, `init_c`), tiled over directions; features = the LSTM's Y as
///   `[N, T', dirs·H]` (`lstm_features`).
///   `recurrent == .none`: features = `act3`, and the metadata enters as a per-week offset
///   `Gemm(metadata)` added to every step.
/// - head: `MatMul` + `Add(bias, x)` → `per_step`; `ReduceMean` over time → `pooled_logit`; `Sigmoid` → `pooled`.
///
/// Parameters are PyTorch's defaults (uniform ±1/√fanIn for Conv, Linear and LSTM, the LSTM's being
/// ±1/√H), drawn from `SplitMix64(seed)` in a fixed order; `forgetGateBias` is added to the forget
/// gate's input bias (0 = PyTorch's default).
public struct SequenceArchitecture: Codable, Sendable, Equatable {
    public enum Activation: Codable, Sendable, Equatable {
        case relu
        case leakyRelu(alpha: Float)
    }

    public enum Recurrence: String, Codable, Sendable {
        case bidirectional, forward, none
    }

    public var activation: Activation
    public var channels: Int
    public var firstKernel: Int
    public var firstStride: Int
    public var recurrence: Recurrence
    public var hiddenSize: Int
    public var forgetGateBias: Float

    public init(activation: Activation, channels: Int, firstKernel: Int, firstStride: Int,
                recurrence: Recurrence, hiddenSize: Int, forgetGateBias: Float = 0) {
        self.activation = activation
        self.channels = channels
        self.firstKernel = firstKernel
        self.firstStride = firstStride
        self.recurrence = recurrence
        self.hiddenSize = hiddenSize
        self.forgetGateBias = forgetGateBias
    }

    /// Steps of the per-step output: `4096 / firstStride`.
    public var outputSteps: Int { SequenceInputEncoding.binCount / firstStride }

    /// A human-readable summary for the model card.
    public var summary: String {
        let act = switch activation {
        case .relu: "ReLU"
        case .leakyRelu(let alpha): "LeakyReLU(\(alpha))"
        }
        let head = switch recurrence {
        case .bidirectional: "BiLSTM 2×\(hiddenSize) (initial h/c = Gemm(metadata))"
        case .forward: "LSTM \(hiddenSize) (initial h/c = Gemm(metadata))"
        case .none: "no recurrence (metadata offset = Gemm(metadata))"
        }
        return "Conv1d 3→\(channels) k\(firstKernel) s\(firstStride) + \(act), Conv1d \(channels)→\(channels) k5 + \(act), "
            + "Conv1d \(channels)→\(channels) k5 + \(act), \(head), per-step MatMul head, ReduceMean over \(outputSteps) steps, Sigmoid"
    }

    /// The graph with freshly initialised parameters.
    public func makeGraph(seed: UInt64) -> Graph {
        var rng = SplitMix64(seed: seed)
        var parameters: [String: Tensor] = [:]
        var nodes: [Graph.Node] = []
        func node(_ name: String, _ op: any Operator, _ inputs: [String], _ outputs: [String]? = nil) {
            nodes.append(.init(name: name, op: op, inputs: inputs, outputs: outputs ?? [name]))
        }
        func convParameters(_ name: String, out: Int, in inChannels: Int, kernel: Int) {
            let shape = [out, inChannels, kernel]
            parameters["\(name).weight"] = Initializer.pytorchDefaultWeight(shape: shape, using: &rng)
            parameters["\(name).bias"] = Initializer.pytorchDefaultBias(count: out, weightShape: shape, using: &rng)
        }
        func linearParameters(_ name: String, out: Int, in inFeatures: Int) {
            let bound = 1 / Float(inFeatures).squareRoot()
            parameters["\(name).weight"] = Initializer.uniform(shape: [out, inFeatures], bound: bound, using: &rng)
            parameters["\(name).bias"] = Initializer.uniform(shape: [out], bound: bound, using: &rng)
        }
        func activation(_ name: String, _ input: String) {
            switch self.activation {
            case .relu: node(name, Relu(), [input])
            case .leakyRelu(let alpha): node(name, LeakyRelu(alpha: alpha), [input])
            }
        }

        let c = channels
        let firstPad = max(0, (firstKernel - firstStride) / 2)
        node("to_channels", Transpose(perm: [0, 2, 1]), ["series"], ["series_nct"])  // (N, 3, 4096)
        convParameters("conv1", out: c, in: 3, kernel: firstKernel)
        node("conv1", Conv(strides: [firstStride], pads: [firstPad, firstPad]), ["series_nct", "conv1.weight", "conv1.bias"])
        activation("act1", "conv1")  // (N, C, T')
        convParameters("conv2", out: c, in: c, kernel: 5)
        node("conv2", Conv(pads: [2, 2]), ["act1", "conv2.weight", "conv2.bias"])
        activation("act2", "conv2")
        convParameters("conv3", out: c, in: c, kernel: 5)
        node("conv3", Conv(pads: [2, 2]), ["act2", "conv3.weight", "conv3.bias"])
        activation("act3", "conv3")  // (N, C, T')

        let metadataCount = SequenceInputEncoding.metadataFeatures.count
        let features: String
        let featureCount: Int
        switch recurrence {
        case .bidirectional, .forward:
            let h = hiddenSize
            let direction: RecurrentDirection = recurrence == .bidirectional ? .bidirectional : .forward
            let dirs = direction.count
            node("to_time_major", Transpose(perm: [2, 0, 1]), ["act3"], ["lstm_input"])  // (T', N, C)
            for state in ["init_h", "init_c"] {
                linearParameters(state, out: h, in: metadataCount)
                node(state, Gemm(transB: true), ["metadata", "\(state).weight", "\(state).bias"])  // (N, H)
                node("\(state)_unsqueeze", Unsqueeze(axes: [0]), [state], ["\(state)_1"])  // (1, N, H)
                if dirs == 2 {
                    node("\(state)_tile", Tile(repeats: [2, 1, 1]), ["\(state)_1"], ["\(state)_dirs"])  // (2, N, H)
                }
            }
            let bound = 1 / Float(h).squareRoot()
            parameters["lstm.W"] = Initializer.uniform(shape: [dirs, 4 * h, c], bound: bound, using: &rng)
            parameters["lstm.R"] = Initializer.uniform(shape: [dirs, 4 * h, h], bound: bound, using: &rng)
            var b = Initializer.uniform(shape: [dirs, 8 * h], bound: bound, using: &rng)
            for d in 0..<dirs {
                for unit in 0..<h { b.values[d * 8 * h + 2 * h + unit] += forgetGateBias }  // gates i, o, f, c
            }
            parameters["lstm.B"] = b
            let suffix = dirs == 2 ? "_dirs" : "_1"
            node("lstm", LSTM(hiddenSize: h, direction: direction),
                 ["lstm_input", "lstm.W", "lstm.R", "lstm.B", "", "init_h" + suffix, "init_c" + suffix],
                 ["lstm_y", "", ""])  // Y: (T', dirs, N, H)
            node("lstm_transpose", Transpose(perm: [0, 2, 1, 3]), ["lstm_y"], ["lstm_y_tnd"])  // (T', N, dirs, H)
            node("lstm_reshape", Reshape(shape: [0, 0, -1]), ["lstm_y_tnd"], ["lstm_y_flat"])  // (T', N, dirs·H)
            node("lstm_features", Transpose(perm: [1, 0, 2]), ["lstm_y_flat"])  // (N, T', dirs·H)
            features = "lstm_features"
            featureCount = dirs * h
        case .none:
            node("features", Transpose(perm: [0, 2, 1]), ["act3"])  // (N, T', C)
            features = "features"
            featureCount = c
        }

        let headBound = 1 / Float(featureCount).squareRoot()
        parameters["head.weight"] = Initializer.uniform(shape: [featureCount, 1], bound: headBound, using: &rng)
        parameters["head.bias"] = Initializer.uniform(shape: [1], bound: headBound, using: &rng)
        node("head", MatMul(), [features, "head.weight"], ["head_projected"])  // (N, T', 1)
        if recurrence == .none {
            node("head_bias", Add(), ["head.bias", "head_projected"], ["head_steps"])
            linearParameters("metadata_offset", out: 1, in: metadataCount)
            node("metadata_offset", Gemm(transB: true), ["metadata", "metadata_offset.weight", "metadata_offset.bias"])  // (N, 1)
            node("metadata_offset_unsqueeze", Unsqueeze(axes: [1]), ["metadata_offset"], ["metadata_offset_1"])  // (N, 1, 1)
            node("per_step", Add(), ["head_steps", "metadata_offset_1"])
        } else {
            node("head_bias", Add(), ["head.bias", "head_projected"], ["per_step"])  // (N, T', 1)
        }
        node("pool", ReduceMean(axes: [1], keepDims: false), ["per_step"], ["pooled_logit"])  // (N, 1)
        node("score", Sigmoid(), ["pooled_logit"], ["pooled"])

        return Graph(
            inputs: [(name: "series", shape: [-1, SequenceInputEncoding.binCount, 3]),
                     (name: "metadata", shape: [-1, metadataCount])],
            parameters: parameters, nodes: nodes, outputs: ["per_step", "pooled"])
    }
}
