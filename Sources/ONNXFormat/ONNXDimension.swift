/// One declared dimension of a graph input or output.
public enum ONNXDimension: Sendable, Equatable {
    case fixed(Int)
    case symbolic(String)
    case unknown
}
