import Foundation
import Testing

@testable import NeuralEngine

/// LSTM forward against a plain Float64 implementation of the ONNX equations (tolerance 1e-5 of the
/// largest output magnitude: float32 GEMMs plus MLAS's rational sigmoid/tanh, ~1e-7 each, accumulated
/// over a few steps), and backward against central differences (see
/// `expectGradientsMatchFiniteDifferences` for the tolerance).
struct RecurrentLSTMTests {
    typealias Support = RecurrentTesting

    // MARK: Helpers

    /// Inputs X, W, R, B, sequence_lens, initial_h, initial_c, P for `lstm` (nil where not asked for).
    static func makeInputs(
        _ lstm: LSTM, t: Int, n: Int, i: Int, bias: Bool = true, initialStates: Bool = true, peepholes: Bool = false,
        lengths: [Int]? = nil, seed: UInt64 = 1
    ) -> [Tensor?] {
        var rng = Support.Generator(seed: seed)
        let h = lstm.hiddenSize, dirs = lstm.direction.count
        let state = lstm.layout == .timeMajor ? [dirs, n, h] : [n, dirs, h]
        return [
            Support.randomTensor(lstm.layout == .timeMajor ? [t, n, i] : [n, t, i], scale: 1, &rng),
            Support.randomTensor([dirs, 4 * h, i], &rng),
            Support.randomTensor([dirs, 4 * h, h], &rng),
            bias ? Support.randomTensor([dirs, 8 * h], &rng) : nil,
            lengths.map { Tensor(shape: [n], values: $0.map(Float.init))! },
            initialStates ? Support.randomTensor(state, &rng) : nil,
            initialStates ? Support.randomTensor(state, &rng) : nil,
            peepholes ? Support.randomTensor([dirs, 3 * h], &rng) : nil,
        ]
    }

    /// Y, Y_h, Y_c of the ONNX LSTM equations in Float64, one batch entry and one step at a time.
    static func reference(_ lstm: LSTM, _ inputs: [Tensor?]) -> (y: [Double], yh: [Double], yc: [Double]) {
        let x = inputs[0]!, w = inputs[1]!, r = inputs[2]!
        let batchMajor = lstm.layout == .batchMajor
        let t = batchMajor ? x.shape[1] : x.shape[0], n = batchMajor ? x.shape[0] : x.shape[1], i = x.shape[2]
        let h = lstm.hiddenSize, dirs = lstm.direction.count
        let lengths = inputs[4].map { $0.values.map { Int($0) } } ?? Array(repeating: t, count: n)
        func xAt(_ step: Int, _ b: Int, _ k: Int) -> Double {
            Double(x.values[(batchMajor ? b * t + step : step * n + b) * i + k])
        }
        func stateIndex(_ d: Int, _ b: Int) -> [Int] { batchMajor ? [b, d] : [d, b] }
        var y = [Double](repeating: 0, count: t * dirs * n * h)
        var yh = [Double](repeating: 0, count: dirs * n * h), yc = yh
        for d in 0..<dirs {
            let acts = lstm.activations.count == 3 ? lstm.activations : Array(lstm.activations[(3 * d)..<(3 * d + 3)])
            let (f, g, hf) = (acts[0], acts[1], acts[2])
            let reversed = lstm.direction == .reverse || d == 1
            for b in 0..<n {
                var hs = (0..<h).map { j in inputs[5].map { Double($0[stateIndex(d, b) + [j]]) } ?? 0 }
                var cs = (0..<h).map { j in inputs[6].map { Double($0[stateIndex(d, b) + [j]]) } ?? 0 }
                for s in 0..<lengths[b] {
                    let step = reversed ? lengths[b] - 1 - s : s
                    func pre(_ gate: Int, _ j: Int) -> Double {
                        let unit = gate * h + j
                        var sum = 0.0
                        for k in 0..<i { sum += Double(w.values[(d * 4 * h + unit) * i + k]) * xAt(step, b, k) }
                        for k in 0..<h { sum += Double(r.values[(d * 4 * h + unit) * h + k]) * hs[k] }
                        if let bias = inputs[3] { sum += Double(bias[[d, unit]]) + Double(bias[[d, 4 * h + unit]]) }
                        return sum
                    }
                    func peep(_ gate: Int, _ j: Int) -> Double { inputs[7].map { Double($0[[d, gate * h + j]]) } ?? 0 }
                    var newC = [Double](repeating: 0, count: h), newH = newC
                    for j in 0..<h {
                        let ig = Support.exactActivation(f, Support.clipped(pre(0, j) + peep(0, j) * cs[j], lstm.clip))
                        let fg = lstm.inputForget ? 1 - ig : Support.exactActivation(f, Support.clipped(pre(2, j) + peep(2, j) * cs[j], lstm.clip))
                        let cg = Support.exactActivation(g, Support.clipped(pre(3, j), lstm.clip))
                        newC[j] = fg * cs[j] + ig * cg
                        let og = Support.exactActivation(f, Support.clipped(pre(1, j) + peep(1, j) * newC[j], lstm.clip))
                        newH[j] = og * Support.exactActivation(hf, newC[j])
                    }
                    hs = newH
                    cs = newC
                    for j in 0..<h {
                        let index = batchMajor ? ((b * t + step) * dirs + d) * h + j : ((step * dirs + d) * n + b) * h + j
                        y[index] = hs[j]
                    }
                }
                for j in 0..<h {
                    let index = (batchMajor ? b * dirs + d : d * n + b) * h + j
                    yh[index] = lengths[b] > 0 ? hs[j] : 0
                    yc[index] = lengths[b] > 0 ? cs[j] : 0
                }
            }
        }
        return (y, yh, yc)
    }

    static func expectMatchesReference(
        _ lstm: LSTM, _ inputs: [Tensor?], _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try lstm.forward(inputs)
        let expected = reference(lstm, inputs)
        Support.expectClose(result.outputs[0], expected.y, tolerance: 1e-5, "\(label) Y", sourceLocation: sourceLocation)
        Support.expectClose(result.outputs[1], expected.yh, tolerance: 1e-5, "\(label) Y_h", sourceLocation: sourceLocation)
        Support.expectClose(result.outputs[2], expected.yc, tolerance: 1e-5, "\(label) Y_c", sourceLocation: sourceLocation)
    }

    /// Random seeds for the outputs named in `seeded` (0: Y, 1: Y_h, 2: Y_c).
    static func seeds(for result: ForwardResult, _ seeded: [Int]) -> [Tensor?] {
        var rng = Support.Generator(seed: 99)
        return (0..<3).map { seeded.contains($0) ? Support.randomTensor(result.outputs[$0].shape, scale: 1, &rng) : nil }
    }

    // MARK: Forward

    @Test(arguments: [RecurrentDirection.forward, .reverse, .bidirectional])
    func forwardMatchesFloat64Reference(direction: RecurrentDirection) throws {
        let lstm = LSTM(hiddenSize: 4, direction: direction)
        try Self.expectMatchesReference(lstm, Self.makeInputs(lstm, t: 6, n: 3, i: 5), "\(direction)")
    }

    @Test(arguments: [RecurrentDirection.forward, .bidirectional])
    func forwardMatchesReferenceInBatchMajorLayout(direction: RecurrentDirection) throws {
        let lstm = LSTM(hiddenSize: 4, direction: direction, layout: .batchMajor)
        try Self.expectMatchesReference(lstm, Self.makeInputs(lstm, t: 6, n: 3, i: 5), "layout 1 \(direction)")
    }

    @Test func forwardMatchesReferenceWithoutBiasOrInitialStates() throws {
        let lstm = LSTM(hiddenSize: 5, direction: .bidirectional)
        try Self.expectMatchesReference(
            lstm, Self.makeInputs(lstm, t: 7, n: 2, i: 3, bias: false, initialStates: false), "no B, h0, c0")
    }

    @Test(arguments: [RecurrentLayout.timeMajor, .batchMajor])
    func sequenceLengthsStopEachEntryAndZeroTheRest(layout: RecurrentLayout) throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional, layout: layout)
        let inputs = Self.makeInputs(lstm, t: 6, n: 4, i: 3, lengths: [6, 3, 1, 0])
        try Self.expectMatchesReference(lstm, inputs, "sequence_lens layout \(layout.rawValue)")
        let y = try lstm.forward(inputs).outputs[0]
        let tail = layout == .timeMajor ? y[[4, 1, 1, 2]] : y[[1, 4, 1, 2]]
        #expect(tail == 0, "Y past a sequence's length is 0")
    }

    @Test func cellClipBoundsEveryGateInput() throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional, clip: 0.3)
        try Self.expectMatchesReference(lstm, Self.makeInputs(lstm, t: 5, n: 2, i: 3, peepholes: true), "clip 0.3")
    }

    @Test func forwardMatchesReferenceWithNonDefaultActivations() throws {
        let lstm = LSTM(
            hiddenSize: 4, direction: .bidirectional,
            activations: [
                .hardSigmoid(alpha: 0.3, beta: 0.4), .leakyRelu(alpha: 0.1), .relu,
                .scaledTanh(alpha: 0.9, beta: 1.1), .softsign, .elu(alpha: 0.8),
            ])
        try Self.expectMatchesReference(lstm, Self.makeInputs(lstm, t: 5, n: 2, i: 3), "activations")
        let more = LSTM(hiddenSize: 3, activations: [.sigmoid, .affine(alpha: 0.7, beta: 0.1), .softplus])
        try Self.expectMatchesReference(more, Self.makeInputs(more, t: 5, n: 2, i: 3), "affine, softplus")
    }

    @Test func forwardMatchesReferenceWithPeepholesAndCoupledForgetGate() throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional, inputForget: true)
        try Self.expectMatchesReference(lstm, Self.makeInputs(lstm, t: 5, n: 2, i: 3, peepholes: true), "P, input_forget")
    }

    @Test func activationListsResolveAlphasInOrderLikeOnnxRuntime() throws {
        let resolved = try RecurrentActivation.resolve(
            names: ["sigmoid", "LeakyRelu", "HardSigmoid", "Tanh"], alphas: [0.2, 0.3], betas: [0.6])
        #expect(resolved == [.sigmoid, .leakyRelu(alpha: 0.2), .hardSigmoid(alpha: 0.3, beta: 0.6), .tanh])
        #expect(throws: EngineError.self) { try RecurrentActivation.resolve(names: ["Gelu"]) }
    }

    @Test(arguments: [RecurrentLayout.timeMajor, .batchMajor])
    func outputShapesComeFromInputShapesAlone(layout: RecurrentLayout) throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional, layout: layout)
        let inputs = Self.makeInputs(lstm, t: 6, n: 3, i: 5)
        let shapes = try lstm.outputShapes(inputs.map { $0?.shape })
        #expect(shapes == (try lstm.forward(inputs)).outputs.map(\.shape))
        #expect(shapes[0] == (layout == .timeMajor ? [6, 2, 3, 4] : [3, 6, 2, 4]))
    }

    @Test func mismatchedShapesAndFractionalLengthsAreErrors() throws {
        let lstm = LSTM(hiddenSize: 4)
        var inputs = Self.makeInputs(lstm, t: 3, n: 2, i: 3)
        inputs[2] = Tensor(shape: [1, 16, 3])
        #expect(throws: EngineError.self) { try lstm.forward(inputs) }
        inputs = Self.makeInputs(lstm, t: 3, n: 2, i: 3)
        inputs[4] = Tensor(shape: [2], values: [1.5, 3])!
        #expect(throws: EngineError.self) { try lstm.forward(inputs) }
    }

    // MARK: Backward

    @Test(arguments: [RecurrentDirection.forward, .reverse, .bidirectional], [[0], [1], [2], [0, 1, 2]])
    func gradientsOfEveryInputMatchFiniteDifferences(direction: RecurrentDirection, seeded: [Int]) throws {
        let lstm = LSTM(hiddenSize: 4, direction: direction)
        let inputs = Self.makeInputs(lstm, t: 5, n: 2, i: 3)
        let seeds = Self.seeds(for: try lstm.forward(inputs), seeded)
        try Support.expectGradientsMatchFiniteDifferences(
            lstm, inputs: inputs, seeds: seeds, checked: [0, 1, 2, 3, 5, 6], label: "LSTM \(direction) seeds \(seeded)")
    }

    @Test func gradientsMatchFiniteDifferencesWithoutBiasOrInitialStates() throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional)
        let inputs = Self.makeInputs(lstm, t: 5, n: 2, i: 3, bias: false, initialStates: false)
        let result = try lstm.forward(inputs)
        let gradients = try lstm.backward(inputs, forward: result, outputGradients: Self.seeds(for: result, [0]))
        #expect(gradients[3] == nil && gradients[5] == nil && gradients[6] == nil)
        try Support.expectGradientsMatchFiniteDifferences(
            lstm, inputs: inputs, seeds: Self.seeds(for: result, [0, 2]), checked: [0, 1, 2], label: "LSTM no B, h0, c0")
    }

    @Test func gradientsMatchFiniteDifferencesWithLayoutOneAndSequenceLengths() throws {
        let lstm = LSTM(hiddenSize: 4, direction: .bidirectional, layout: .batchMajor)
        let inputs = Self.makeInputs(lstm, t: 5, n: 3, i: 3, lengths: [5, 2, 0])
        let seeds = Self.seeds(for: try lstm.forward(inputs), [0, 1, 2])
        try Support.expectGradientsMatchFiniteDifferences(
            lstm, inputs: inputs, seeds: seeds, checked: [0, 1, 2, 3, 5, 6], label: "LSTM layout 1, sequence_lens")
    }

    /// With a clip, a few gate inputs sit within 1e-2 of the bound, where a step of 1e-2 would
    /// straddle the kink; the clipped case uses a step of 1e-3 (float32 rounding noise ~1e-4 there).
    @Test func gradientsMatchFiniteDifferencesWithPeepholesCoupledGateAndClip() throws {
        for lstm in [
            LSTM(hiddenSize: 4, direction: .bidirectional, inputForget: true),
            LSTM(hiddenSize: 4, direction: .bidirectional, clip: 0.6),
        ] {
            let inputs = Self.makeInputs(lstm, t: 5, n: 2, i: 3, peepholes: true)
            let seeds = Self.seeds(for: try lstm.forward(inputs), [0, 1, 2])
            if let clip = lstm.clip {
                try Support.requireGateInputsAwayFromClip(try lstm.forward(inputs), clip: clip, step: 1e-3)
            }
            try Support.expectGradientsMatchFiniteDifferences(
                lstm, inputs: inputs, seeds: seeds, checked: [0, 1, 2, 3, 5, 6, 7],
                label: "LSTM P, input_forget \(lstm.inputForget), clip \(String(describing: lstm.clip))",
                step: lstm.clip == nil ? 1e-2 : 1e-3)
        }
    }

    @Test func gradientsMatchFiniteDifferencesWithSmoothNonDefaultActivations() throws {
        let lstm = LSTM(hiddenSize: 4, activations: [.sigmoid, .scaledTanh(alpha: 0.9, beta: 1.2), .softsign])
        let inputs = Self.makeInputs(lstm, t: 5, n: 2, i: 3)
        let seeds = Self.seeds(for: try lstm.forward(inputs), [0, 1, 2])
        try Support.expectGradientsMatchFiniteDifferences(
            lstm, inputs: inputs, seeds: seeds, checked: [0, 1, 2, 3, 5, 6], label: "LSTM scaledTanh, softsign")
    }

    /// A batch large enough that each step's GEMM could use OpenBLAS's threads while the two directions
    /// run on their own threads (OpenBLAS is then held at one thread): results as at small sizes.
    @Test func largeBatchMatchesReferenceAndFiniteDifferences() throws {
        let lstm = LSTM(hiddenSize: 64, direction: .bidirectional)
        let inputs = Self.makeInputs(lstm, t: 3, n: 16, i: 4, lengths: (0..<16).map { $0 % 4 })
        try Self.expectMatchesReference(lstm, inputs, "LSTM H=64 N=16")
        let seeds = Self.seeds(for: try lstm.forward(inputs), [0, 1, 2])
        try Support.expectGradientsMatchFiniteDifferences(
            lstm, inputs: inputs, seeds: seeds, checked: [0, 1, 2, 3, 5, 6], label: "LSTM H=64 N=16", samples: 12)
    }

    /// Sequences several input-projection chunks long, with lengths ending before, on and after chunk
    /// boundaries, in both layouts: each direction projects X a chunk at a time on its own lane (when
    /// there are two), and every step must see its own gate inputs.
    @Test(arguments: [RecurrentLayout.timeMajor, .batchMajor])
    func sequencesSpanningSeveralProjectionChunksMatchReference(layout: RecurrentLayout) throws {
        let lstm = LSTM(hiddenSize: 64, direction: .bidirectional, layout: layout)
        let n = 16, t = 150
        let lengths = [150, 149, 129, 128, 127, 65, 64, 63, 1, 0, 150, 100, 150, 2, 150, 77]
        let inputs = Self.makeInputs(lstm, t: t, n: n, i: 3, lengths: lengths)
        let chunk = RecurrentInputProjection.chunkSteps(try lstm.geometry(inputs))
        #expect(chunk < t / 2, "chunks of \(chunk) steps split \(t) steps")
        try Self.expectMatchesReference(lstm, inputs, "layout \(layout.rawValue), T \(t), chunks of \(chunk)")
        let full = Self.makeInputs(lstm, t: t, n: n, i: 3)
        try Self.expectMatchesReference(lstm, full, "layout \(layout.rawValue), T \(t), full lengths")
    }

    /// Inference without saved state runs long time-major sequences in stretches that carry the states
    /// from one to the next: Y, Y_h and Y_c equal `forward`'s exactly, in every direction, with
    /// peepholes and initial states. Layers it does not cover (ragged lengths, layout 1, clip) fall back
    /// to `forward` and give the same too.
    @Test(arguments: [RecurrentDirection.forward, .reverse, .bidirectional])
    func inferenceEqualsForwardOverSeveralStretches(direction: RecurrentDirection) throws {
        let lstm = LSTM(hiddenSize: 64, direction: direction)
        let inputs = Self.makeInputs(lstm, t: 700, n: 8, i: 5, peepholes: true)
        let stretch = LSTM.stretchSteps(try lstm.geometry(inputs))
        #expect(stretch < 700 / 2, "stretches of \(stretch) steps split 700")
        #expect(try lstm.infer(inputs) == lstm.forward(inputs).outputs, "\(direction)")
        for other in [LSTM(hiddenSize: 8, direction: direction, layout: .batchMajor), LSTM(hiddenSize: 8, direction: direction, clip: 0.5)] {
            let otherInputs = Self.makeInputs(other, t: 300, n: 3, i: 5)
            #expect(try other.infer(otherInputs) == other.forward(otherInputs).outputs)
        }
        let ragged = Self.makeInputs(lstm, t: 300, n: 3, i: 5, lengths: [300, 257, 3])
        #expect(try lstm.infer(ragged) == lstm.forward(ragged).outputs)
    }

    /// d Y[2048] / d X over a week-long sequence: finite everywhere, largest near step 2048, and far
    /// smaller a thousand steps away on both sides (the two directions each carry it one way).
    @Test func gradientOfMidpointOutputDecaysAwayFromItInBothDirections() throws {
        let t = 4096, midpoint = 2048
        let lstm = LSTM(hiddenSize: 3, direction: .bidirectional)
        let inputs = Self.makeInputs(lstm, t: t, n: 1, i: 2, initialStates: false)
        let result = try lstm.forward(inputs)
        var seed = Tensor(shape: result.outputs[0].shape)
        for d in 0..<2 { for j in 0..<3 { seed[[midpoint, d, 0, j]] = 1 } }
        let dX = try #require(try lstm.backward(inputs, forward: result, outputGradients: [seed, nil, nil])[0])
        let magnitude = (0..<t).map { step in abs(Double(dX[[step, 0, 0]])) + abs(Double(dX[[step, 0, 1]])) }
        #expect(magnitude.allSatisfy { $0.isFinite && $0 >= 0 })
        let peak = magnitude.indices.max { magnitude[$0] < magnitude[$1] }!
        print("LSTM T=4096: peak |dY[2048]/dX| \(magnitude[peak]) at step \(peak); at 1048 \(magnitude[1048]), at 3048 \(magnitude[3048])")
        #expect(abs(peak - midpoint) <= 2)
        #expect(magnitude[midpoint - 1] > 0 && magnitude[midpoint + 1] > 0, "both directions carry gradient")
        #expect(magnitude[midpoint - 1000] < 1e-3 * magnitude[peak])
        #expect(magnitude[midpoint + 1000] < 1e-3 * magnitude[peak])
    }
}

/// Recurrent layers over an empty batch (or an empty sequence): empty outputs, no crash.
struct RecurrentEmptyInputTests {
    static func inputs(steps: Int, batch: Int, hidden: Int, gates: Int) -> [Tensor?] {
        [Tensor(shape: [steps, batch, 3]), Tensor(shape: [1, gates * hidden, 3], repeating: 0.1),
         Tensor(shape: [1, gates * hidden, hidden], repeating: 0.1)]
    }

    @Test(arguments: [(4, 0), (0, 2)])
    func lstmAndGRUGiveEmptyOutputs(steps: Int, batch: Int) throws {
        let lstmInputs = Self.inputs(steps: steps, batch: batch, hidden: 2, gates: 4)
        let lstm = try LSTM(hiddenSize: 2).forward(lstmInputs)
        #expect(lstm.outputs[0].shape == [steps, 1, batch, 2] && lstm.outputs[1].shape == [1, batch, 2])
        let gradients = try LSTM(hiddenSize: 2).backward(lstmInputs, forward: lstm, outputGradients: [lstm.outputs[0], nil, nil])
        #expect(gradients.map { $0?.shape } == lstmInputs.map { $0?.shape } && gradients.allSatisfy { $0?.values.allSatisfy { $0 == 0 } == true })
        let gru = try GRU(hiddenSize: 2).forward(Self.inputs(steps: steps, batch: batch, hidden: 2, gates: 3))
        #expect(gru.outputs[0].shape == [steps, 1, batch, 2] && gru.outputs[1].shape == [1, batch, 2])
    }
}
