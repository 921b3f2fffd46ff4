/// The DeepHeart-size benchmark architecture built directly as an engine `Graph`, so that
/// `auscult bench engine` runs without Python or a `.onnx` file.
///
/// Same structure as the graph `torch.onnx.export(dynamo=False)` writes for `scripts/make_bench_model.py`:
/// series `(N, T, 2)` → Transpose → 3 × (Conv1d 128 ch, k 5, pad 2 → Relu) → Transpose → bidirectional LSTM
/// of 128 units whose h0 and c0 are `Gemm(metadata (N, 4))` reshaped per direction → Transpose/Reshape to
/// `(N, T, 256)` → MatMul + Add head → `per_step (N, T, 1)` → ReduceMean over time → Sigmoid → `pooled (N, 1)`.
/// Weights use PyTorch's default initialisers, seeded; the numbers are not a trained model's, which does not
/// matter for timing.
public enum DeepHeartBenchmarkModel {
    public static let channels = 128
    public static let hidden = 128
    public static let inputChannels = 2
    public static let metadataFeatures = 4
    public static let kernel = 5

    /// The graph for batch `batch` and `steps` timesteps, inputs `series` and `metadata`, outputs
    /// `per_step` and `pooled`.
    public static func graph(batch: Int, steps: Int, seed: UInt64 = 20240603) -> Graph {
        var random = SplitMix64(seed: seed)
        var parameters: [String: Tensor] = [:]
        func weight(_ name: String, _ shape: [Int]) {
            parameters[name] = Initializer.pytorchDefaultWeight(shape: shape, using: &random)
        }
        func bias(_ name: String, _ count: Int, fanInShape: [Int]) {
            parameters[name] = Initializer.pytorchDefaultBias(count: count, weightShape: fanInShape, using: &random)
        }
        let c = channels, h = hidden
        var nodes: [Graph.Node] = []
        func node(_ name: String, _ op: any Operator, _ inputs: [String], _ outputs: [String]? = nil) {
            nodes.append(Graph.Node(name: name, op: op, inputs: inputs, outputs: outputs ?? [name]))
        }

        node("series_nct", Transpose(perm: [0, 2, 1]), ["series"])  // (N, 2, T)
        var previous = "series_nct", inChannels = inputChannels
        for layer in 1...3 {
            weight("conv\(layer).weight", [c, inChannels, kernel])
            bias("conv\(layer).bias", c, fanInShape: [c, inChannels, kernel])
            node("conv\(layer)", Conv(pads: [2, 2]), [previous, "conv\(layer).weight", "conv\(layer).bias"])
            node("relu\(layer)", Relu(), ["conv\(layer)"])  // (N, C, T)
            previous = "relu\(layer)"
            inChannels = c
        }
        node("lstm_input", Transpose(perm: [2, 0, 1]), [previous])  // (T, N, C)

        for state in ["initial_h", "initial_c"] {
            weight("\(state).weight", [2 * h, metadataFeatures])
            bias("\(state).bias", 2 * h, fanInShape: [2 * h, metadataFeatures])
            node("\(state)_linear", Gemm(transB: true), ["metadata", "\(state).weight", "\(state).bias"])  // (N, 2H)
            node("\(state)_split", Reshape(shape: [batch, 2, h]), ["\(state)_linear"])  // (N, 2, H)
            node(state, Transpose(perm: [1, 0, 2]), ["\(state)_split"])  // (2, N, H)
        }
        // ONNX gate order i, o, f, c; bound 1/√H as PyTorch initialises LSTMs.
        let bound = 1 / Float(h).squareRoot()
        parameters["lstm.W"] = Initializer.uniform(shape: [2, 4 * h, c], bound: bound, using: &random)
        parameters["lstm.R"] = Initializer.uniform(shape: [2, 4 * h, h], bound: bound, using: &random)
        parameters["lstm.B"] = Initializer.uniform(shape: [2, 8 * h], bound: bound, using: &random)
        node(
            "lstm", LSTM(hiddenSize: h, direction: .bidirectional),
            ["lstm_input", "lstm.W", "lstm.R", "lstm.B", "", "initial_h", "initial_c"], ["lstm_y", "lstm_yh", "lstm_yc"])
        node("lstm_ntdh", Transpose(perm: [2, 0, 1, 3]), ["lstm_y"])  // (N, T, 2, H)
        node("lstm_out", Reshape(shape: [batch, steps, 2 * h]), ["lstm_ntdh"])  // (N, T, 2H)

        weight("head.weight_t", [2 * h, 1])
        bias("head.bias", 1, fanInShape: [1, 2 * h])
        node("head_matmul", MatMul(), ["lstm_out", "head.weight_t"])  // (N, T, 1)
        node("per_step", Add(), ["head.bias", "head_matmul"])
        node("mean", ReduceMean(axes: [1], keepDims: false), ["per_step"])  // (N, 1)
        node("pooled", Sigmoid(), ["mean"])

        return Graph(
            inputs: [("series", [batch, steps, inputChannels]), ("metadata", [batch, metadataFeatures])],
            parameters: parameters, nodes: nodes, outputs: ["per_step", "pooled"])
    }
}
