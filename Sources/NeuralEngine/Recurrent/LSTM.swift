/// ONNX `LSTM` (opsets 14–21): one layer, forward, reverse or bidirectional, both layouts.
///
/// Inputs, in ONNX order: X, W `[dirs, 4H, I]`, R `[dirs, 4H, H]`, B `[dirs, 8H]` (Wb then Rb;
/// optional), sequence_lens `[N]` (optional), initial_h, initial_c (optional, `[dirs, N, H]`, or
/// `[N, dirs, H]` for layout 1), P `[dirs, 3H]` (peepholes i, o, f; optional). Gate order is i, o, f, c.
/// Outputs: Y, Y_h, Y_c, always all three (a node that names fewer simply ignores the rest).
///
/// `sequence_lens` arrives as floats, since operators only see float32 tensors: each must be a whole
/// number in 0...T. As in ONNX Runtime, entry n runs for its first `len[n]` steps (the reverse
/// direction starts at step `len[n] - 1`), Y is 0 past its length, Y_h and Y_c are the states after
/// its last valid step, and a length of 0 gives zero states.
///
/// Numerics: float32 throughout. Per direction the input projection X·Wᵀ is one SGEMM over all T·N
/// rows, or a few steps' rows at a time (`RecurrentInputProjection`); each step adds H_{t-1}·Rᵀ (one
/// product over the batch from Rᵀ packed once, `PackedOperand`), then peepholes, then Wb + Rb, then
/// clips, in ONNX Runtime's order; sigmoid and tanh use MLAS's rational approximations (see
/// `RecurrentActivation`). Expected agreement with ONNX Runtime is about 1e-6 relative on Y, Y_h, Y_c
/// for moderate T (to be confirmed by the framework fixtures; the tests here compare with an exact
/// Float64 evaluation at 1e-5): the differences come from GEMM blocking and FMA contraction, and grow
/// slowly with T in the way any recurrence amplifies rounding.
///
/// Backward is backpropagation through time with the gate activations and cell states saved by
/// `forward` (`saved`: gates `[dirs, T·N, 4H]`, cells `[dirs, T·N, H]`, and with `clip` the
/// pre-clip gate inputs `[dirs, T·N, 4H]`; rows in X's memory order). Per step one packed product carries
/// the gradient to H_{t-1}; dX, dW and dR are one SGEMM each over all steps per direction, dB one
/// SGEMV. Gradients of clipped gate inputs are 0 where |input| > clip. The gradients carried through
/// time (dH, dC, gate gradients) are flushed to 0 below 1.2e-38 (`RecurrentBuffers.flushSubnormals`):
/// they decay geometrically over long sequences, and subnormal arithmetic is ~100× slower on x86.
///
/// Threads: a bidirectional layer runs its two directions on two threads, in forward (input
/// projection included, chunk by chunk) and in the backward recurrence; the big all-steps GEMMs
/// otherwise use every OpenBLAS thread. With one OpenBLAS thread the directions run in turn. No
/// inner product is split between threads, so results do not depend on the choice.
public struct LSTM: Operator {
    public var opType: String { "LSTM" }

    public var hiddenSize: Int
    public var direction: RecurrentDirection
    public var layout: RecurrentLayout
    /// f, g, h: three entries used by every direction, or three per direction (forward first).
    public var activations: [RecurrentActivation]
    /// Cell clip threshold applied to every gate input before its activation; nil for none.
    public var clip: Float?
    /// Couples the forget gate to the input gate: f = 1 - i (ONNX `input_forget`).
    public var inputForget: Bool

    public init(
        hiddenSize: Int, direction: RecurrentDirection = .forward, layout: RecurrentLayout = .timeMajor,
        activations: [RecurrentActivation] = [.sigmoid, .tanh, .tanh], clip: Float? = nil, inputForget: Bool = false
    ) {
        self.hiddenSize = hiddenSize
        self.direction = direction
        self.layout = layout
        self.activations = activations
        self.clip = clip
        self.inputForget = inputForget
    }

    /// The (f, g, h) activations of direction slot `d`.
    func activations(slot d: Int) throws -> (f: RecurrentActivation, g: RecurrentActivation, h: RecurrentActivation) {
        guard activations.count == 3 || activations.count == 3 * direction.count else {
            throw EngineError(
                "LSTM: activations lists \(activations.count) functions; \(direction.rawValue) needs 3 or \(3 * direction.count)")
        }
        let base = activations.count == 3 ? 0 : 3 * d
        return (activations[base], activations[base + 1], activations[base + 2])
    }

    func geometry(_ inputs: [Tensor?]) throws -> RecurrentGeometry {
        try geometry(shapes: inputs.map { $0?.shape })
    }

    func geometry(shapes: [[Int]?]) throws -> RecurrentGeometry {
        let geometry = try RecurrentGeometry(
            opType: opType, hiddenSize: hiddenSize, direction: direction, layout: layout, gateCount: 4, shapes: shapes)
        if shapes.count > 6, let initialC = shapes[6], initialC != geometry.stateShape {
            throw EngineError.shapeMismatch(opType, "initial_c has shape \(initialC), expected \(geometry.stateShape)")
        }
        if shapes.count > 7, let peephole = shapes[7], peephole != [direction.count, 3 * hiddenSize] {
            throw EngineError.shapeMismatch(
                opType, "P has shape \(peephole), expected \([direction.count, 3 * hiddenSize])")
        }
        if let clip, !(clip > 0) { throw EngineError("LSTM: clip must be positive, got \(clip)") }
        for d in 0..<direction.count { _ = try activations(slot: d) }
        return geometry
    }

    /// Y, Y_h and Y_c shapes, from the input shapes alone.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        let geo = try geometry(shapes: inputShapes)
        return [geo.outputShape, geo.stateShape, geo.stateShape]
    }

    /// Gates, cells and (with `clip`) the pre-clip gates, per direction and row.
    public func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int {
        let geo = try geometry(shapes: inputShapes)
        return geo.directions * geo.rows * (geo.gateWidth + geo.hiddenSize + (clip == nil ? 0 : geo.gateWidth))
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let geo = try geometry(inputs)
        if geo.rows == 0 { return geo.emptyForward(stateOutputs: 2, savedCount: 3) }
        let lengths = try geo.sequenceLengths(inputs.count > 4 ? inputs[4] : nil)
        let ragged = lengths.contains { $0 < geo.sequenceLength }
        let dirs = geo.directions, rows = geo.rows, gates = geo.gateWidth, h = geo.hiddenSize, i = geo.inputSize
        let stateCount = dirs * geo.batchSize * h

        var y = RecurrentBuffers.make(geo.outputShape.reduce(1, *), zeroed: ragged)
        var finalH = RecurrentBuffers.make(stateCount, zeroed: true)
        var finalC = RecurrentBuffers.make(stateCount, zeroed: true)
        var gateValues = RecurrentBuffers.make(dirs * rows * gates, zeroed: ragged)  // (dirs, rows, 4H)
        var cells = RecurrentBuffers.make(dirs * rows * h, zeroed: ragged)  // (dirs, rows, H)
        var preClip = RecurrentBuffers.make(clip == nil ? 0 : dirs * rows * gates, zeroed: ragged)  // (dirs, rows, 4H)
        let operands = (0..<8).map { $0 < inputs.count ? inputs[$0] : nil }

        try y.withUnsafeMutableBufferPointer { y in
            try finalH.withUnsafeMutableBufferPointer { finalH in
                try finalC.withUnsafeMutableBufferPointer { finalC in
                    try gateValues.withUnsafeMutableBufferPointer { gateValues in
                        try cells.withUnsafeMutableBufferPointer { cells in
                            try preClip.withUnsafeMutableBufferPointer { preClip in
                                try RecurrentBuffers.withBaseAddresses(operands) { p in
                                    let functions = try (0..<dirs).map { try activations(slot: $0) }
                                    // (rows, 4H) = X (rows, I) · Wᵀ (I, 4H); each row becomes that step's i, o, f, c.
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
                                            bias: p[3].map { $0 + d * 2 * gates }, peephole: p[7].map { $0 + d * 3 * h },
                                            initialH: p[5], initialC: p[6],
                                            y: y.baseAddress!, finalH: finalH.baseAddress!, finalC: finalC.baseAddress!,
                                            gates: gateValues.baseAddress! + d * rows * gates,
                                            cells: cells.baseAddress! + d * rows * h,
                                            preClip: RecurrentBuffers.start(preClip).map { $0 + d * rows * gates },
                                            projection: concurrently ? projections[d] : nil)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return ForwardResult(
            outputs: [
                Tensor(shape: geo.outputShape, values: y)!,
                Tensor(shape: geo.stateShape, values: finalH)!,
                Tensor(shape: geo.stateShape, values: finalC)!,
            ],
            saved: [
                Tensor(shape: [dirs, rows, gates], values: gateValues)!,
                Tensor(shape: [dirs, rows, h], values: cells)!,
                Tensor(shape: clip == nil ? [0] : [dirs, rows, gates], values: preClip)!,
            ])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        let geo = try geometry(inputs)
        if geo.rows == 0 { return RecurrentGeometry.emptyBackward(inputs) }
        let lengths = try geo.sequenceLengths(inputs.count > 4 ? inputs[4] : nil)
        guard forward.outputs.count == 3, forward.saved.count == 3 else {
            throw EngineError("LSTM: backward needs the 3 outputs and 3 saved tensors of forward")
        }
        let dirs = geo.directions, rows = geo.rows, gates = geo.gateWidth, h = geo.hiddenSize, i = geo.inputSize
        let operands = (0..<8).map { $0 < inputs.count ? inputs[$0] : nil }
        let seeds = try geo.outputSeeds(outputGradients, outputs: forward.outputs)

        var dX = [Float](repeating: 0, count: inputs[0]!.count)
        var dW = RecurrentBuffers.make(dirs * gates * i, zeroed: true)
        var dR = RecurrentBuffers.make(dirs * gates * h, zeroed: true)
        var dB = RecurrentBuffers.make(operands[3] == nil ? 0 : dirs * 2 * gates, zeroed: true)
        var dH0 = RecurrentBuffers.make(operands[5] == nil ? 0 : dirs * geo.batchSize * h, zeroed: true)
        var dC0 = RecurrentBuffers.make(operands[6] == nil ? 0 : dirs * geo.batchSize * h, zeroed: true)
        var dP = RecurrentBuffers.make(operands[7] == nil ? 0 : dirs * 3 * h, zeroed: true)
        // Both directions' BPTT loops at once when each step's GEMM stays on one OpenBLAS thread; each
        // then needs its own scratch.
        let concurrently = RecurrentBuffers.concurrentDirections(dirs)
        let scratches = (0..<(concurrently ? dirs : 1)).map { _ in LSTMBackwardScratch(geo) }
        defer { for scratch in scratches { scratch.deallocate() } }

        try dX.withUnsafeMutableBufferPointer { dX in
            try dW.withUnsafeMutableBufferPointer { dW in
                try dR.withUnsafeMutableBufferPointer { dR in
                    try dB.withUnsafeMutableBufferPointer { dB in
                        try dH0.withUnsafeMutableBufferPointer { dH0 in
                            try dC0.withUnsafeMutableBufferPointer { dC0 in
                                try dP.withUnsafeMutableBufferPointer { dP in
                                    try RecurrentBuffers.withBaseAddresses(operands + [forward.outputs[0]] + forward.saved + seeds) { p in
                                        let functions = try (0..<dirs).map { try activations(slot: $0) }
                                        func backpropagate(_ d: Int) {
                                            backpropagateThroughTime(
                                                d, geo, lengths: lengths, functions: functions[d], r: p[2]! + d * gates * h,
                                                peephole: p[7].map { $0 + d * 3 * h }, initialC: p[6],
                                                gates: p[9]! + d * rows * gates, cells: p[10]! + d * rows * h,
                                                preClip: p[11].map { $0 + d * rows * gates }, dY: p[12], dYh: p[13], dYc: p[14],
                                                dH0: RecurrentBuffers.start(dH0), dC0: RecurrentBuffers.start(dC0),
                                                dP: RecurrentBuffers.start(dP).map { $0 + d * 3 * h },
                                                scratch: scratches[concurrently ? d : 0])
                                        }
                                        func accumulate(_ d: Int) {
                                            accumulateWeightGradients(
                                                d, geo, lengths: lengths, x: p[0]!, w: p[1]! + d * gates * i, initialH: p[5],
                                                y: p[8]!, dX: dX.baseAddress!, dW: dW.baseAddress! + d * gates * i,
                                                dR: dR.baseAddress! + d * gates * h,
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
            }
        }
        var result: [Tensor?] = [
            Tensor(shape: inputs[0]!.shape, values: dX), Tensor(shape: [dirs, gates, i], values: dW),
            Tensor(shape: [dirs, gates, h], values: dR),
            operands[3] == nil ? nil : Tensor(shape: [dirs, 2 * gates], values: dB), nil,
            operands[5] == nil ? nil : Tensor(shape: geo.stateShape, values: dH0),
            operands[6] == nil ? nil : Tensor(shape: geo.stateShape, values: dC0),
            operands[7] == nil ? nil : Tensor(shape: [dirs, 3 * h], values: dP),
        ]
        result.removeLast(Swift.max(0, result.count - inputs.count))
        return result
    }
}
