/// A DAG of operators over named float32 tensors, in topological order.
///
/// Names follow ONNX: every node output, graph input and parameter has a unique name; a node's input
/// name refers to a graph input, a parameter, or an earlier node's output (an empty name is an absent
/// optional input).
public struct Graph: Sendable {
    public struct Node: Sendable {
        public var name: String
        public var op: any Operator
        public var inputs: [String]
        public var outputs: [String]

        public init(name: String, op: any Operator, inputs: [String], outputs: [String]) {
            self.name = name
            self.op = op
            self.inputs = inputs
            self.outputs = outputs
        }
    }

    /// Graph inputs (fed at run time) with their shapes; -1 marks a dimension given at run time.
    public var inputs: [(name: String, shape: [Int])]
    /// Trainable parameters and constants (ONNX initializers), by name.
    public var parameters: [String: Tensor]
    public var nodes: [Node]
    /// Names of the graph's outputs.
    public var outputs: [String]

    public init(inputs: [(name: String, shape: [Int])], parameters: [String: Tensor], nodes: [Node], outputs: [String]) {
        self.inputs = inputs
        self.parameters = parameters
        self.nodes = nodes
        self.outputs = outputs
    }
}
