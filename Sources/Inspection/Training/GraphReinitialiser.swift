import NeuralEngine

/// A fresh copy of a graph's architecture: the same nodes and shapes, with every trainable parameter
/// drawn again as a new PyTorch module would draw it.
///
/// The rule for a parameter comes from the first node (in graph order) that reads it:
/// - **weights** (uniform ±1/√fanIn, PyTorch's `kaiming_uniform_(a=√5)`, as
///   `Initializer.pytorchDefaultWeight`): `Conv` input 1, `(out, in/group, k…)`, fanIn = in/group · Πk;
///   `Gemm` input 1, fanIn = its second dimension with `transB`, its first without (a Linear weight is
///   `(out, in)`); `MatMul` input 1, `(…, in, out)`, fanIn = in (PyTorch exports a Linear on a 3-D input
///   as `MatMul` with the transposed weight);
/// - **biases** (uniform ±1/√fanIn of their weight, as `Initializer.pytorchDefaultBias`): `Conv` and
///   `Gemm` input 2; an `Add` of a parameter and the output of a `Conv`, `Gemm` or `MatMul` whose weight
///   is a parameter (directly or through data movements such as the `Squeeze` after a Keras `Conv`),
///   when the parameter has one value per output feature;
/// - **recurrent layers** (`LSTM`, `GRU`: W, R and B, inputs 1–3, and every parameter that reaches them
///   through data movements, as when torch.export slices and concatenates `weight_ih_l0` to reorder
///   the gates): uniform ±1/√hiddenSize, as `torch.nn.LSTM`/`GRU`;
/// - **normalisation**: `BatchNormalization` scale 1, bias 0, running mean 0, running variance 1;
///   `LayerNormalization` scale 1, bias 0; `PRelu` slope 0.25;
/// - **anything else**: rank ≥ 2 as `Initializer.pytorchDefaultWeight` (fans of its own shape), rank ≤ 1
///   uniform ±1/√count.
///
/// Parameters outside `trainable` (an imported graph's ONNX constants: `ImportedGraph.constantNames`)
/// keep their values. Values are drawn from one `SplitMix64(seed)` stream, parameters in name order,
/// so the result depends only on the graph, `trainable` and the seed.
public enum GraphReinitialiser {
    enum Rule {
        case uniform(bound: Float)
        case constant(Float)
    }

    public static func reinitialised(_ graph: Graph, trainable: Set<String>, seed: UInt64) -> Graph {
        let rules = rules(for: graph)
        var generator = SplitMix64(seed: seed)
        var copy = graph
        for name in graph.parameters.keys.sorted() where trainable.contains(name) {
            let shape = graph.parameters[name]!.shape
            switch rules[name] {
            case .uniform(let bound):
                copy.parameters[name] = Initializer.uniform(shape: shape, bound: bound, using: &generator)
            case .constant(let value):
                copy.parameters[name] = Tensor(shape: shape, values: Array(repeating: value, count: shape.reduce(1, *)))!
            case nil where shape.count >= 2:
                copy.parameters[name] = Initializer.pytorchDefaultWeight(shape: shape, using: &generator)
            case nil:
                let count = max(1, shape.reduce(1, *))
                copy.parameters[name] = Initializer.uniform(shape: shape, bound: 1 / Float(count).squareRoot(), using: &generator)
            }
        }
        return copy
    }

    /// The rule of every parameter some node reads in a way listed above.
    static func rules(for graph: Graph) -> [String: Rule] {
        var rules: [String: Rule] = [:]
        var producers: [String: Graph.Node] = [:]
        func isParameter(_ name: String) -> Bool { !name.isEmpty && graph.parameters[name] != nil }
        func assign(_ name: String, _ rule: Rule) {
            if isParameter(name), rules[name] == nil { rules[name] = rule }
        }
        func assign(_ node: Graph.Node, _ index: Int, _ rule: Rule) {
            if index < node.inputs.count { assign(node.inputs[index], rule) }
        }
        /// The first node upstream of `tensor` that is not a data movement (Squeeze, Reshape, …).
        func source(of tensor: String) -> Graph.Node? {
            guard let node = producers[tensor] else { return nil }
            return dataMovement.contains(node.op.opType) && !node.inputs.isEmpty ? source(of: node.inputs[0]) : node
        }
        /// Parameters that reach `tensor` through data movements only (Slice, Concat, … of a weight).
        func parameters(reaching tensor: String) -> [String] {
            if isParameter(tensor) { return [tensor] }
            guard let node = producers[tensor], dataMovement.contains(node.op.opType) else { return [] }
            let data = node.op.opType == "Concat" ? node.inputs : Array(node.inputs.prefix(1))
            return data.flatMap(parameters(reaching:))
        }
        for node in graph.nodes {
            defer { for output in node.outputs where !output.isEmpty { producers[output] = node } }
            if let weight = weightGeometry(of: node, in: graph) {
                let bound = 1 / Float(weight.fanIn).squareRoot()
                assign(node, 1, .uniform(bound: bound))
                if node.op is Conv || node.op is Gemm { assign(node, 2, .uniform(bound: bound)) }
            } else if node.op is Add, node.inputs.count == 2 {
                for (bias, other) in [(0, 1), (1, 0)] where isParameter(node.inputs[bias]) {
                    guard let producer = source(of: node.inputs[other]),
                        let weight = weightGeometry(of: producer, in: graph),
                        graph.parameters[node.inputs[bias]]!.count == weight.outFeatures
                    else { continue }
                    assign(node, bias, .uniform(bound: 1 / Float(weight.fanIn).squareRoot()))
                }
            } else if let hiddenSize = (node.op as? LSTM)?.hiddenSize ?? (node.op as? GRU)?.hiddenSize {
                for index in 1...3 where index < node.inputs.count {
                    for name in parameters(reaching: node.inputs[index]) {
                        assign(name, .uniform(bound: 1 / Float(hiddenSize).squareRoot()))
                    }
                }
            } else if node.op is BatchNormalization {
                for (index, value) in [(1, 1), (2, 0), (3, 0), (4, 1)] as [(Int, Float)] { assign(node, index, .constant(value)) }
            } else if node.op is LayerNormalization {
                assign(node, 1, .constant(1))
                assign(node, 2, .constant(0))
            } else if node.op is PRelu {
                assign(node, 1, .constant(0.25))
            }
        }
        return rules
    }

    /// Operators that only move, copy or select values: the rules look through them.
    static let dataMovement: Set<String> = [
        "Identity", "Dropout", "Cast", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Expand", "Tile",
        "Slice", "Split", "Gather", "Concat",
    ]

    /// Fan-in and output features of the parameter weight a `Conv`, `Gemm` or `MatMul` reads as input 1.
    static func weightGeometry(of node: Graph.Node, in graph: Graph) -> (fanIn: Int, outFeatures: Int)? {
        guard node.inputs.count > 1, let shape = graph.parameters[node.inputs[1]]?.shape, shape.count >= 2 else { return nil }
        if node.op is Conv {
            return (Initializer.fans(shape).fanIn, shape[0])
        } else if let gemm = node.op as? Gemm, shape.count == 2 {
            return gemm.transB ? (shape[1], shape[0]) : (shape[0], shape[1])
        } else if node.op is MatMul {
            return (shape[shape.count - 2], shape[shape.count - 1])
        }
        return nil
    }
}
