/// ONNX `GRU` (opsets 14–21): one layer, forward, reverse or bidirectional, both layouts,
/// `linear_before_reset` 0 and 1.
///
/// Inputs, in ONNX order: X, W `[dirs, 3H, I]`, R `[dirs, 3H, H]`, B `[dirs, 6H]` (Wb then Rb;
/// optional), sequence_lens `[N]` (optional, floats; see `LSTM`), initial_h (optional, `[dirs, N, H]`
/// or `[N, dirs, H]` for layout 1). Gate order is z, r, h. Outputs: Y and Y_h, always both.
///
///     z = f(X·Wzᵀ + H·Rzᵀ + Wbz + Rbz)        r = f(X·Wrᵀ + H·Rrᵀ + Wbr + Rbr)
///     linear_before_reset 0:  h̃ = g(X·Whᵀ + (r ⊙ H)·Rhᵀ + Rbh + Wbh)
///     linear_before_reset 1:  h̃ = g(X·Whᵀ + r ⊙ (H·Rhᵀ + Rbh) + Wbh)
///     H' = (1 - z) ⊙ h̃ + z ⊙ H
///
/// `sequence_lens` behaves as for `LSTM`: Y is 0 past an entry's length, Y_h is the state after its
/// last valid step, 0 for a length of 0.
///
/// Numerics: float32 throughout; the input projection is one SGEMM over all T·N rows per direction
/// (or chunk by chunk, as in `LSTM`), each step one product over the batch from R packed once (two
/// with linear_before_reset 0, whose reset gate must be known before (r ⊙ H)·Rhᵀ), sigmoid and tanh as MLAS computes them. Expected agreement with ONNX Runtime
/// is ~1e-6 relative (to be confirmed by the framework fixtures). `saved`: gates z, r, h̃ `[dirs, T·N, 3H]`; with linear_before_reset 1 also
/// H·Rhᵀ + Rbh `[dirs, T·N, H]`; with `clip` the pre-clip gate inputs `[dirs, T·N, 3H]` (empty
/// tensors where not needed). Bidirectional layers run their directions on two threads, as `LSTM`
/// does.
public struct GRU: Operator {
    public var opType: String { "GRU" }

    public var hiddenSize: Int
    public var direction: RecurrentDirection
    public var layout: RecurrentLayout
    /// f, g: two entries used by every direction, or two per direction (forward first).
    public var activations: [RecurrentActivation]
    /// Clip threshold applied to every gate input before its activation; nil for none.
    public var clip: Float?
    /// ONNX `linear_before_reset`: apply the reset gate after the recurrent product (as cuDNN and
    /// PyTorch do) rather than before it.
    public var linearBeforeReset: Bool

    public init(
        hiddenSize: Int, direction: RecurrentDirection = .forward, layout: RecurrentLayout = .timeMajor,
        activations: [RecurrentActivation] = [.sigmoid, .tanh], clip: Float? = nil, linearBeforeReset: Bool = false
    ) {
        self.hiddenSize = hiddenSize
        self.direction = direction
        self.layout = layout
        self.activations = activations
        self.clip = clip
        self.linearBeforeReset = linearBeforeReset
    }

    /// The (f, g) activations of direction slot `d`.
    func activations(slot d: Int) throws -> (f: RecurrentActivation, g: RecurrentActivation) {
        guard activations.count == 2 || activations.count == 2 * direction.count else {
            throw EngineError(
                "GRU: activations lists \(activations.count) functions; \(direction.rawValue) needs 2 or \(2 * direction.count)")
        }
        let base = activations.count == 2 ? 0 : 2 * d
        return (activations[base], activations[base + 1])
    }

    func geometry(_ inputs: [Tensor?]) throws -> RecurrentGeometry {
        try geometry(shapes: inputs.map { $0?.shape })
    }

    func geometry(shapes: [[Int]?]) throws -> RecurrentGeometry {
        let geometry = try RecurrentGeometry(
            opType: opType, hiddenSize: hiddenSize, direction: direction, layout: layout, gateCount: 3, shapes: shapes)
        if let clip, !(clip > 0) { throw EngineError("GRU: clip must be positive, got \(clip)") }
        for d in 0..<direction.count { _ = try activations(slot: d) }
        return geometry
    }

    /// Y and Y_h shapes, from the input shapes alone.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        let geo = try geometry(shapes: inputShapes)
        return [geo.outputShape, geo.stateShape]
    }

    /// Gates, the linear-before-reset terms and (with `clip`) the pre-clip gates, per direction and row.
    public func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int {
        let geo = try geometry(shapes: inputShapes)
        return geo.directions * geo.rows
            * (geo.gateWidth + (linearBeforeReset ? geo.hiddenSize : 0) + (clip == nil ? 0 : geo.gateWidth))
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let geo = try geometry(inputs)
        if geo.rows == 0 { return geo.emptyForward(stateOutputs: 1, savedCount: 3) }
        let lengths = try geo.sequenceLengths(inputs.count > 4 ? inputs[4] : nil)
        let ragged = lengths.contains { $0 < geo.sequenceLength }
        let dirs = geo.directions, rows = geo.rows, gates = geo.gateWidth, h = geo.hiddenSize, i = geo.inputSize

        var y = RecurrentBuffers.make(geo.outputShape.reduce(1, *), zeroed: ragged)
        var finalH = RecurrentBuffers.make(dirs * geo.batchSize * h, zeroed: true)
        var gateValues = RecurrentBuffers.make(dirs * rows * gates, zeroed: ragged)  // (dirs, rows, 3H)
        var linear = RecurrentBuffers.make(linearBeforeReset ? dirs * rows * h : 0, zeroed: ragged)  // (dirs, rows, H)
        var preClip = RecurrentBuffers.make(clip == nil ? 0 : dirs * rows * gates, zeroed: ragged)  // (dirs, rows, 3H)
        let operands = (0..<6).map { $0 < inputs.count ? inputs[$0] : nil }

        try y.withUnsafeMutableBufferPointer { y in
            try finalH.withUnsafeMutableBufferPointer { finalH in
                try gateValues.withUnsafeMutableBufferPointer { gateValues in
                    try linear.withUnsafeMutableBufferPointer { linear in
                        try preClip.withUnsafeMutableBufferPointer { preClip in
                            try RecurrentBuffers.withBaseAddresses(operands) { p in
                                let functions = try (0..<dirs).map { try activations(slot: $0) }
                                // (rows, 3H) = X (rows, I) · Wᵀ (I, 3H); each row becomes that step's z, r, h̃.
                                let projections = (0..<dirs).map {
                                    RecurrentInputProjection(x: p[0]!, w: p[1]! + $0 * gates * i, geometry: geo)
                                }
                                let concurrently = RecurrentBuffers.concurrentDirections(dirs)
                                if !concurrently {
                                    for d in 0..<dirs { projections[d].projectAll(into: gateValues.baseAddress! + d * rows * gates) }
                                }
                                RecurrentBuffers.forEachDirection(dirs, concurrently: concurrently) { d in
                                    forwardDirection(
                                        d, geo, lengths: lengths, functions: functions[d], r: p[2]! + d * gates * h,
                                        bias: p[3].map { $0 + d * 2 * gates }, initialH: p[5],
                                        y: y.baseAddress!, finalH: finalH.baseAddress!,
                                        gates: gateValues.baseAddress! + d * rows * gates,
                                        linear: RecurrentBuffers.start(linear).map { $0 + d * rows * h },
                                        preClip: RecurrentBuffers.start(preClip).map { $0 + d * rows * gates },
                                        projection: concurrently ? projections[d] : nil)
                                }
                            }
                        }
                    }
                }
            }
        }
        return ForwardResult(
            outputs: [Tensor(shape: geo.outputShape, values: y)!, Tensor(shape: geo.stateShape, values: finalH)!],
            saved: [
                Tensor(shape: [dirs, rows, gates], values: gateValues)!,
                Tensor(shape: linearBeforeReset ? [dirs, rows, h] : [0], values: linear)!,
                Tensor(shape: clip == nil ? [0] : [dirs, rows, gates], values: preClip)!,
            ])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        let geo = try geometry(inputs)
        if geo.rows == 0 { return RecurrentGeometry.emptyBackward(inputs) }
        let lengths = try geo.sequenceLengths(inputs.count > 4 ? inputs[4] : nil)
        guard forward.outputs.count == 2, forward.saved.count == 3 else {
            throw EngineError("GRU: backward needs the 2 outputs and 3 saved tensors of forward")
        }
        let dirs = geo.directions, rows = geo.rows, gates = geo.gateWidth, h = geo.hiddenSize, i = geo.inputSize
        let operands = (0..<6).map { $0 < inputs.count ? inputs[$0] : nil }
        let seeds = try geo.outputSeeds(outputGradients, outputs: forward.outputs)

        var dX = [Float](repeating: 0, count: inputs[0]!.count)
        var dW = RecurrentBuffers.make(dirs * gates * i, zeroed: true)
        var dR = RecurrentBuffers.make(dirs * gates * h, zeroed: true)
        var dB = RecurrentBuffers.make(operands[3] == nil ? 0 : dirs * 2 * gates, zeroed: true)
        var dH0 = RecurrentBuffers.make(operands[5] == nil ? 0 : dirs * geo.batchSize * h, zeroed: true)
        // Both directions' BPTT loops at once when each step's GEMM stays on one OpenBLAS thread; each
        // then needs its own scratch.
        let concurrently = RecurrentBuffers.concurrentDirections(dirs)
        let scratches = (0..<(concurrently ? dirs : 1)).map { _ in
            GRUBackwardScratch(geo, linearBeforeReset: linearBeforeReset)
        }
        defer { for scratch in scratches { scratch.deallocate() } }

        try dX.withUnsafeMutableBufferPointer { dX in
            try dW.withUnsafeMutableBufferPointer { dW in
                try dR.withUnsafeMutableBufferPointer { dR in
                    try dB.withUnsafeMutableBufferPointer { dB in
                        try dH0.withUnsafeMutableBufferPointer { dH0 in
                            try RecurrentBuffers.withBaseAddresses(operands + [forward.outputs[0]] + forward.saved + seeds) { p in
                                let functions = try (0..<dirs).map { try activations(slot: $0) }
                                func backpropagate(_ d: Int) {
                                    backpropagateThroughTime(
                                        d, geo, lengths: lengths, functions: functions[d], r: p[2]! + d * gates * h,
                                        initialH: p[5], y: p[6]!, gates: p[7]! + d * rows * gates,
                                        linear: p[8].map { $0 + d * rows * h }, preClip: p[9].map { $0 + d * rows * gates },
                                        dY: p[10], dYh: p[11], dH0: RecurrentBuffers.start(dH0),
                                        scratch: scratches[concurrently ? d : 0])
                                }
                                func accumulate(_ d: Int) {
                                    accumulateWeightGradients(
                                        d, geo, lengths: lengths, x: p[0]!, w: p[1]! + d * gates * i,
                                        gates: p[7]! + d * rows * gates, dX: dX.baseAddress!,
                                        dW: dW.baseAddress! + d * gates * i, dR: dR.baseAddress! + d * gates * h,
                                        dB: RecurrentBuffers.start(dB).map { $0 + d * 2 * gates },
                                        scratch: scratches[concurrently ? d : 0])
                                }
                                RecurrentBuffers.backwardByDirection(
                                    dirs, concurrently: concurrently, backpropagate: backpropagate, accumulate: accumulate)
                            }
                        }
                    }
                }
            }
        }
        var result: [Tensor?] = [
            Tensor(shape: inputs[0]!.shape, values: dX), Tensor(shape: [dirs, gates, i], values: dW),
            Tensor(shape: [dirs, gates, h], values: dR),
            operands[3] == nil ? nil : Tensor(shape: [dirs, 2 * gates], values: dB), nil,
            operands[5] == nil ? nil : Tensor(shape: geo.stateShape, values: dH0),
        ]
        result.removeLast(Swift.max(0, result.count - inputs.count))
        return result
    }
}
