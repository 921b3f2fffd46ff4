/// The ONNX `direction` attribute of LSTM and GRU.
public enum RecurrentDirection: String, Sendable, Equatable {
    case forward
    case reverse
    case bidirectional

    /// `num_directions` in the ONNX shapes: 2 for bidirectional, else 1.
    public var count: Int { self == .bidirectional ? 2 : 1 }

    /// Whether direction slot `d` (0 or 1) reads the sequence backwards.
    func isReversed(slot d: Int) -> Bool {
        self == .reverse || (self == .bidirectional && d == 1)
    }
}

/// The ONNX `layout` attribute of LSTM and GRU.
public enum RecurrentLayout: Int, Sendable, Equatable {
    /// X `[T, N, I]`, Y `[T, dirs, N, H]`, states `[dirs, N, H]`.
    case timeMajor = 0
    /// X `[N, T, I]`, Y `[N, T, dirs, H]`, states `[N, dirs, H]`.
    case batchMajor = 1
}
