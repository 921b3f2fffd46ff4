import NeuralEngine

/// Works out which dimensions of a graph's tensors are fixed and which follow a symbolic input dimension.
///
/// The graph is shape-evaluated twice (`Operator.outputShapes`) with every symbolic input dimension set
/// to two different sizes; a dimension that comes out the same both times is fixed, one that equals the
/// probe sizes of a symbol both times takes that symbol's name, and any other is left unnamed.
struct GraphShapeProbe {
    /// Shapes of every tensor at the first probe sizes.
    let firstShapes: [String: [Int]]
    let secondShapes: [String: [Int]]
    /// Symbol names by their (first, second) probe sizes.
    let symbols: [ProbeSizes: String]

    struct ProbeSizes: Hashable {
        let first: Int
        let second: Int
    }

    init(_ graph: Graph, inputDimensions: [String: [ONNXDimension]]) throws(ONNXExportError) {
        var symbolIndex: [String: Int] = [:]
        for (_, dimensions) in inputDimensions.sorted(by: { $0.key < $1.key }) {
            for case .symbolic(let name) in dimensions where symbolIndex[name] == nil {
                symbolIndex[name] = symbolIndex.count
            }
        }
        func sizes(_ pass: Int) -> [String: [Int]] {
            inputDimensions.mapValues { dimensions in
                dimensions.map { dimension in
                    switch dimension {
                    case .fixed(let size): size
                    case .symbolic(let name): pass == 0 ? 16 + symbolIndex[name]! : 32 + 2 * symbolIndex[name]!
                    case .unknown: pass == 0 ? 15 : 29
                    }
                }
            }
        }
        firstShapes = try Self.evaluate(graph, inputShapes: sizes(0))
        secondShapes = symbolIndex.isEmpty ? firstShapes : try Self.evaluate(graph, inputShapes: sizes(1))
        symbols = Dictionary(uniqueKeysWithValues: symbolIndex.map { name, index in
            (ProbeSizes(first: 16 + index, second: 32 + 2 * index), name)
        })
    }

    /// The declared dimensions of a tensor: fixed, a symbol, or unknown where it varies in a way no symbol explains.
    func dimensions(of tensor: String) -> [ONNXDimension]? {
        guard let first = firstShapes[tensor], let second = secondShapes[tensor] else { return nil }
        return zip(first, second).map { a, b in
            if a == b { return .fixed(a) }
            return symbols[ProbeSizes(first: a, second: b)].map(ONNXDimension.symbolic) ?? .unknown
        }
    }

    static func evaluate(_ graph: Graph, inputShapes: [String: [Int]]) throws(ONNXExportError) -> [String: [Int]] {
        var shapes = inputShapes
        for (name, tensor) in graph.parameters { shapes[name] = tensor.shape }
        for node in graph.nodes {
            var inputs: [[Int]?] = []
            for input in node.inputs {
                if input.isEmpty {
                    inputs.append(nil)
                } else if let shape = shapes[input] {
                    inputs.append(shape)
                } else {
                    throw .unknownTensor(node: node.name, tensor: input)
                }
            }
            let outputs: [[Int]]
            do {
                outputs = try node.op.outputShapes(inputs)
            } catch {
                let given = inputShapes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                throw .shapeInference(
                    "node '\(node.name)' (\(node.op.opType)) cannot run with inputs \(given): \(error); a graph whose "
                        + "shape arguments were fixed at import only runs at the sizes it was imported for, so declare those sizes")
            }
            for (name, shape) in zip(node.outputs, outputs) where !name.isEmpty { shapes[name] = shape }
        }
        return shapes
    }
}
