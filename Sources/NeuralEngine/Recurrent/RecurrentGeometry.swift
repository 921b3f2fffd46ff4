/// Sizes and index arithmetic shared by LSTM and GRU, validated from the node's inputs.
///
/// A "row" is one (timestep, batch) pair in X's own memory order: `t·N + n` for layout 0 and
/// `n·T + t` for layout 1, so the input projection is one GEMM over X as stored, and every
/// per-row buffer (gates, cells, gate gradients) shares that order.
struct RecurrentGeometry {
    let opType: String
    private(set) var sequenceLength: Int  // T
    let batchSize: Int  // N
    let inputSize: Int  // I
    let hiddenSize: Int  // H
    let directions: Int
    let layout: RecurrentLayout
    /// Gates per direction: 4 for LSTM (i, o, f, c), 3 for GRU (z, r, h).
    let gateCount: Int

    var rows: Int { sequenceLength * batchSize }
    var gateWidth: Int { gateCount * hiddenSize }

    /// Validates the shapes of X, W, R, B, sequence_lens and initial_h against each other (nil for
    /// absent inputs).
    init(opType: String, hiddenSize: Int, direction: RecurrentDirection, layout: RecurrentLayout, gateCount: Int,
         shapes: [[Int]?]) throws {
        self.opType = opType
        self.hiddenSize = hiddenSize
        self.directions = direction.count
        self.layout = layout
        self.gateCount = gateCount
        func shape(_ index: Int) -> [Int]? { index < shapes.count ? shapes[index] : nil }
        guard let x = shape(0), shape(1) != nil, shape(2) != nil else {
            throw EngineError("\(opType): inputs X, W and R are required")
        }
        guard hiddenSize > 0 else { throw EngineError("\(opType): hidden_size must be positive, got \(hiddenSize)") }
        guard x.count == 3 else {
            throw EngineError.shapeMismatch(opType, "X must have rank 3, got shape \(x)")
        }
        sequenceLength = layout == .timeMajor ? x[0] : x[1]
        batchSize = layout == .timeMajor ? x[1] : x[0]
        inputSize = x[2]
        let gates = gateCount * hiddenSize
        func expect(_ index: Int, _ name: String, _ expected: [Int]) throws {
            if let actual = shape(index), actual != expected {
                throw EngineError.shapeMismatch(
                    opType, "\(name) has shape \(actual) but X \(x) with hidden_size \(hiddenSize) "
                        + "and \(directions) direction(s) needs \(expected)")
            }
        }
        try expect(1, "W", [directions, gates, inputSize])
        try expect(2, "R", [directions, gates, hiddenSize])
        try expect(3, "B", [directions, 2 * gates])
        try expect(4, "sequence_lens", [batchSize])
        try expect(5, "initial_h", stateShape)
    }

    /// The same layer over `steps` timesteps: a stretch of a time-major sequence, whose rows, outputs
    /// and states are then addressed from the stretch's first timestep.
    func withSequenceLength(_ steps: Int) -> RecurrentGeometry {
        var stretch = self
        stretch.sequenceLength = steps
        return stretch
    }

    var stateShape: [Int] {
        layout == .timeMajor ? [directions, batchSize, hiddenSize] : [batchSize, directions, hiddenSize]
    }

    var outputShape: [Int] {
        layout == .timeMajor
            ? [sequenceLength, directions, batchSize, hiddenSize]
            : [batchSize, sequenceLength, directions, hiddenSize]
    }

    @inline(__always) func row(_ t: Int, _ n: Int) -> Int {
        layout == .timeMajor ? t * batchSize + n : n * sequenceLength + t
    }

    /// Offset of Y[t, d, n, 0] (layout 0) or Y[n, t, d, 0] (layout 1).
    @inline(__always) func outputOffset(_ t: Int, _ d: Int, _ n: Int) -> Int {
        layout == .timeMajor
            ? ((t * directions + d) * batchSize + n) * hiddenSize
            : ((n * sequenceLength + t) * directions + d) * hiddenSize
    }

    /// Offset of state[d, n, 0] (layout 0) or state[n, d, 0] (layout 1).
    @inline(__always) func stateOffset(_ d: Int, _ n: Int) -> Int {
        layout == .timeMajor ? (d * batchSize + n) * hiddenSize : (n * directions + d) * hiddenSize
    }

    /// Per-batch sequence lengths from the float `sequence_lens` input (whole numbers in 0...T), or
    /// T for every batch entry when it is absent.
    func sequenceLengths(_ tensor: Tensor?) throws -> [Int] {
        guard let tensor else { return [Int](repeating: sequenceLength, count: batchSize) }
        return try tensor.values.map { value in
            guard value.rounded() == value, value >= 0, value <= Float(sequenceLength) else {
                throw EngineError(
                    "\(opType): sequence_lens holds \(value); every length must be a whole number in 0...\(sequenceLength)")
            }
            return Int(value)
        }
    }

    /// The timestep that batch entry `n` (of length `length`) processes at step `s` (< length).
    @inline(__always) func timestep(step s: Int, length: Int, reversed: Bool) -> Int {
        reversed ? length - 1 - s : s
    }
}

extension RecurrentGeometry {
    /// The gradient reaching each of `outputs` (nil where none flows), checked against its output's shape.
    func outputSeeds(_ outputGradients: [Tensor?], outputs: [Tensor]) throws -> [Tensor?] {
        try outputs.indices.map { index in
            guard index < outputGradients.count, let seed = outputGradients[index] else { return nil }
            guard seed.shape == outputs[index].shape else {
                throw EngineError.shapeMismatch(
                    opType, "gradient of output \(index) has shape \(seed.shape), output has \(outputs[index].shape)")
            }
            return seed
        }
    }

    /// What a recurrent layer over no rows (an empty batch or sequence) gives: zero outputs (`Y` empty,
    /// the final states 0, as for rows whose `sequence_lens` is 0) and `savedCount` empty saved tensors.
    func emptyForward(stateOutputs: Int, savedCount: Int) -> ForwardResult {
        ForwardResult(
            outputs: [Tensor(shape: outputShape)] + (0..<stateOutputs).map { _ in Tensor(shape: stateShape) },
            saved: (0..<savedCount).map { _ in Tensor(shape: [0]) })
    }

    /// The gradients of a layer over no rows: 0 for every input given.
    static func emptyBackward(_ inputs: [Tensor?]) -> [Tensor?] {
        inputs.map { $0.map { Tensor(shape: $0.shape) } }
    }
}
