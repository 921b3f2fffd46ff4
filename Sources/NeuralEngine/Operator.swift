/// One operation of a graph: forward and backward side by side.
///
/// Operators work on float32 tensors only. Everything an ONNX node computes from shapes, axes or
/// integer indices is resolved when the graph is built (see ONNXFormat's importer) and stored in the
/// operator's properties, so `forward` never sees an integer tensor.
///
/// `inputs` follow the ONNX node's input order; an optional input given as an empty name is `nil`.
public protocol Operator: Sendable {
    /// The ONNX operator this implements (`Conv`, `LSTM`, …), for error messages and summaries.
    var opType: String { get }

    /// Computes the outputs, and anything `backward` will need that is costly to recompute
    /// (`saved`, e.g. an LSTM's gate activations per step).
    func forward(_ inputs: [Tensor?]) throws -> ForwardResult

    /// The outputs alone, for runs that will not be differentiated. The default is `forward`'s outputs;
    /// operators that save a lot for `backward` (LSTM) skip writing it.
    func infer(_ inputs: [Tensor?]) throws -> [Tensor]

    /// Gradients of a scalar loss with respect to each input, given the gradients with respect to each
    /// output (`nil` where no gradient flows into that output). Returns one entry per input, `nil` for
    /// inputs that are absent or not differentiable.
    func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?]

    /// The shapes `forward` would produce for inputs of `inputShapes` (`nil` for absent inputs).
    ///
    /// The default runs `forward` on zeros, which is always right but costs one evaluation; operators
    /// may answer from the shapes alone.
    func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]]

    /// How many float32 elements `forward` allocates beyond its outputs for inputs of `inputShapes`
    /// (tensors saved for `backward`, scratch buffers), for memory planning. Zero by default.
    func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int
}

extension Operator {
    public func infer(_ inputs: [Tensor?]) throws -> [Tensor] {
        try forward(inputs).outputs
    }

    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        try forward(inputShapes.map { $0.map { Tensor(shape: $0) } }).outputs.map(\.shape)
    }

    public func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int { 0 }
}

/// What `Operator.forward` produced: the node's outputs, plus tensors saved for its backward pass.
public struct ForwardResult: Sendable {
    public var outputs: [Tensor]
    public var saved: [Tensor]

    public init(outputs: [Tensor], saved: [Tensor] = []) {
        self.outputs = outputs
        self.saved = saved
    }
}

/// A failure inside the engine, naming the operator and the shapes that caused it.
public struct EngineError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// "Conv: input has shape [1, 3, 10] but weight expects 4 channels (shape [8, 4, 5])".
    public static func shapeMismatch(_ opType: String, _ detail: String) -> EngineError {
        EngineError("\(opType): \(detail)")
    }
}
