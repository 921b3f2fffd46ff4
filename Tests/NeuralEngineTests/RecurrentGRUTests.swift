import Foundation
import Testing

@testable import NeuralEngine

/// GRU forward against a plain Float64 implementation of the ONNX equations (tolerance 1e-5 of the
/// largest output magnitude), and backward against central differences (see
/// `RecurrentTesting.expectGradientsMatchFiniteDifferences` for the tolerance).
struct RecurrentGRUTests {
    typealias Support = RecurrentTesting

    // MARK: Helpers

    /// Inputs X, W, R, B, sequence_lens, initial_h for `gru` (nil where not asked for).
    static func makeInputs(
        _ gru: GRU, t: Int, n: Int, i: Int, bias: Bool = true, initialState: Bool = true, lengths: [Int]? = nil,
        seed: UInt64 = 2
    ) -> [Tensor?] {
        var rng = Support.Generator(seed: seed)
        let h = gru.hiddenSize, dirs = gru.direction.count
        return [
            Support.randomTensor(gru.layout == .timeMajor ? [t, n, i] : [n, t, i], scale: 1, &rng),
            Support.randomTensor([dirs, 3 * h, i], &rng),
            Support.randomTensor([dirs, 3 * h, h], &rng),
            bias ? Support.randomTensor([dirs, 6 * h], &rng) : nil,
            lengths.map { Tensor(shape: [n], values: $0.map(Float.init))! },
            initialState ? Support.randomTensor(gru.layout == .timeMajor ? [dirs, n, h] : [n, dirs, h], &rng) : nil,
        ]
    }

    /// Y and Y_h of the ONNX GRU equations in Float64, one batch entry and one step at a time.
    static func reference(_ gru: GRU, _ inputs: [Tensor?]) -> (y: [Double], yh: [Double]) {
        let x = inputs[0]!, w = inputs[1]!, r = inputs[2]!
        let batchMajor = gru.layout == .batchMajor
        let t = batchMajor ? x.shape[1] : x.shape[0], n = batchMajor ? x.shape[0] : x.shape[1], i = x.shape[2]
        let h = gru.hiddenSize, dirs = gru.direction.count
        let lengths = inputs[4].map { $0.values.map { Int($0) } } ?? Array(repeating: t, count: n)
        var y = [Double](repeating: 0, count: t * dirs * n * h)
        var yh = [Double](repeating: 0, count: dirs * n * h)
        for d in 0..<dirs {
            let acts = gru.activations.count == 2 ? gru.activations : Array(gru.activations[(2 * d)..<(2 * d + 2)])
            let reversed = gru.direction == .reverse || d == 1
            func wb(_ unit: Int) -> Double { inputs[3].map { Double($0[[d, unit]]) } ?? 0 }
            func rb(_ unit: Int) -> Double { inputs[3].map { Double($0[[d, 3 * h + unit]]) } ?? 0 }
            for b in 0..<n {
                var hs = (0..<h).map { j in inputs[5].map { Double($0[(batchMajor ? [b, d] : [d, b]) + [j]]) } ?? 0 }
                for s in 0..<lengths[b] {
                    let step = reversed ? lengths[b] - 1 - s : s
                    let xRow = (batchMajor ? b * t + step : step * n + b) * i
                    func xw(_ unit: Int) -> Double {
                        (0..<i).reduce(0.0) { $0 + Double(w.values[(d * 3 * h + unit) * i + $1]) * Double(x.values[xRow + $1]) }
                    }
                    func rh(_ unit: Int, _ state: [Double]) -> Double {
                        (0..<h).reduce(0.0) { $0 + Double(r.values[(d * 3 * h + unit) * h + $1]) * state[$1] }
                    }
                    let z = (0..<h).map { j in
                        Support.exactActivation(acts[0], Support.clipped(xw(j) + rh(j, hs) + wb(j) + rb(j), gru.clip))
                    }
                    let reset = (0..<h).map { j in
                        Support.exactActivation(
                            acts[0], Support.clipped(xw(h + j) + rh(h + j, hs) + wb(h + j) + rb(h + j), gru.clip))
                    }
                    let resetState = (0..<h).map { reset[$0] * hs[$0] }
                    let candidate = (0..<h).map { j in
                        let unit = 2 * h + j
                        let pre = gru.linearBeforeReset
                            ? xw(unit) + reset[j] * (rh(unit, hs) + rb(unit)) + wb(unit)
                            : xw(unit) + rh(unit, resetState) + rb(unit) + wb(unit)
                        return Support.exactActivation(acts[1], Support.clipped(pre, gru.clip))
                    }
                    hs = (0..<h).map { (1 - z[$0]) * candidate[$0] + z[$0] * hs[$0] }
                    for j in 0..<h {
                        y[batchMajor ? ((b * t + step) * dirs + d) * h + j : ((step * dirs + d) * n + b) * h + j] = hs[j]
                    }
                }
                for j in 0..<h { yh[(batchMajor ? b * dirs + d : d * n + b) * h + j] = lengths[b] > 0 ? hs[j] : 0 }
            }
        }
        return (y, yh)
    }

    static func expectMatchesReference(
        _ gru: GRU, _ inputs: [Tensor?], _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try gru.forward(inputs)
        let expected = reference(gru, inputs)
        Support.expectClose(result.outputs[0], expected.y, tolerance: 1e-5, "\(label) Y", sourceLocation: sourceLocation)
        Support.expectClose(result.outputs[1], expected.yh, tolerance: 1e-5, "\(label) Y_h", sourceLocation: sourceLocation)
    }

    static func seeds(for result: ForwardResult, _ seeded: [Int]) -> [Tensor?] {
        var rng = Support.Generator(seed: 98)
        return (0..<2).map { seeded.contains($0) ? Support.randomTensor(result.outputs[$0].shape, scale: 1, &rng) : nil }
    }

    // MARK: Forward

    @Test(arguments: [RecurrentDirection.forward, .reverse, .bidirectional], [false, true])
    func forwardMatchesFloat64Reference(direction: RecurrentDirection, linearBeforeReset: Bool) throws {
        let gru = GRU(hiddenSize: 4, direction: direction, linearBeforeReset: linearBeforeReset)
        try Self.expectMatchesReference(
            gru, Self.makeInputs(gru, t: 6, n: 3, i: 5), "GRU \(direction) linear_before_reset \(linearBeforeReset)")
    }

    @Test(arguments: [false, true])
    func forwardMatchesReferenceInBatchMajorLayoutWithSequenceLengths(linearBeforeReset: Bool) throws {
        let gru = GRU(hiddenSize: 4, direction: .bidirectional, layout: .batchMajor, linearBeforeReset: linearBeforeReset)
        try Self.expectMatchesReference(
            gru, Self.makeInputs(gru, t: 6, n: 4, i: 3, lengths: [6, 4, 1, 0]), "GRU layout 1, sequence_lens")
    }

    @Test func forwardMatchesReferenceWithoutBiasOrInitialState() throws {
        let gru = GRU(hiddenSize: 5, direction: .bidirectional)
        try Self.expectMatchesReference(
            gru, Self.makeInputs(gru, t: 5, n: 2, i: 3, bias: false, initialState: false), "GRU no B, h0")
    }

    @Test func forwardMatchesReferenceWithClipAndNonDefaultActivations() throws {
        let gru = GRU(
            hiddenSize: 4, direction: .bidirectional,
            activations: [.hardSigmoid(alpha: 0.25, beta: 0.5), .relu, .sigmoid, .softsign], clip: 0.4)
        try Self.expectMatchesReference(gru, Self.makeInputs(gru, t: 5, n: 2, i: 3), "GRU clip, activations")
    }

    @Test func outputShapesComeFromInputShapesAlone() throws {
        let gru = GRU(hiddenSize: 4, direction: .reverse, layout: .batchMajor)
        let inputs = Self.makeInputs(gru, t: 6, n: 3, i: 5)
        #expect(try gru.outputShapes(inputs.map { $0?.shape }) == (try gru.forward(inputs)).outputs.map(\.shape))
    }

    // MARK: Backward

    @Test(arguments: [RecurrentDirection.forward, .reverse, .bidirectional], [false, true])
    func gradientsOfEveryInputMatchFiniteDifferences(direction: RecurrentDirection, linearBeforeReset: Bool) throws {
        let gru = GRU(hiddenSize: 4, direction: direction, linearBeforeReset: linearBeforeReset)
        let inputs = Self.makeInputs(gru, t: 5, n: 2, i: 3)
        for seeded in [[0], [1]] {
            try Support.expectGradientsMatchFiniteDifferences(
                gru, inputs: inputs, seeds: Self.seeds(for: try gru.forward(inputs), seeded), checked: [0, 1, 2, 3, 5],
                label: "GRU \(direction) linear_before_reset \(linearBeforeReset) seeds \(seeded)")
        }
    }

    @Test func gradientsMatchFiniteDifferencesWithoutBiasOrInitialState() throws {
        let gru = GRU(hiddenSize: 4, direction: .bidirectional, linearBeforeReset: true)
        let inputs = Self.makeInputs(gru, t: 5, n: 2, i: 3, bias: false, initialState: false)
        try Support.expectGradientsMatchFiniteDifferences(
            gru, inputs: inputs, seeds: Self.seeds(for: try gru.forward(inputs), [0, 1]), checked: [0, 1, 2],
            label: "GRU no B, h0")
    }

    @Test(arguments: [false, true])
    func gradientsMatchFiniteDifferencesWithLayoutOneSequenceLengthsAndClip(linearBeforeReset: Bool) throws {
        let gru = GRU(
            hiddenSize: 4, direction: .bidirectional, layout: .batchMajor, clip: 0.65, linearBeforeReset: linearBeforeReset)
        let inputs = Self.makeInputs(gru, t: 5, n: 3, i: 3, lengths: [5, 2, 0])
        // A step of 1e-3: some gate inputs lie within 1e-2 of the clip bound (see the LSTM test).
        try Support.requireGateInputsAwayFromClip(try gru.forward(inputs), clip: 0.65, step: 1e-3)
        try Support.expectGradientsMatchFiniteDifferences(
            gru, inputs: inputs, seeds: Self.seeds(for: try gru.forward(inputs), [0, 1]), checked: [0, 1, 2, 3, 5],
            label: "GRU layout 1, sequence_lens, clip, linear_before_reset \(linearBeforeReset)", step: 1e-3)
    }

    /// Sequences several input-projection chunks long, ragged, in both layouts (see the LSTM's test).
    @Test(arguments: [RecurrentLayout.timeMajor, .batchMajor])
    func sequencesSpanningSeveralProjectionChunksMatchReference(layout: RecurrentLayout) throws {
        let gru = GRU(hiddenSize: 64, direction: .bidirectional, layout: layout, linearBeforeReset: layout == .batchMajor)
        let n = 16, t = 200
        let lengths = [200, 199, 171, 170, 169, 86, 85, 84, 1, 0, 200, 120, 200, 2, 200, 77]
        let inputs = Self.makeInputs(gru, t: t, n: n, i: 3, lengths: lengths)
        let chunk = RecurrentInputProjection.chunkSteps(try gru.geometry(inputs))
        #expect(chunk < t / 2, "chunks of \(chunk) steps split \(t) steps")
        try Self.expectMatchesReference(gru, inputs, "layout \(layout.rawValue), T \(t), chunks of \(chunk)")
    }

    /// A batch large enough for multi-threaded GEMMs (see the LSTM test): results as at small sizes.
    @Test(arguments: [false, true])
    func largeBatchMatchesReferenceAndFiniteDifferences(linearBeforeReset: Bool) throws {
        let gru = GRU(hiddenSize: 64, direction: .bidirectional, linearBeforeReset: linearBeforeReset)
        let inputs = Self.makeInputs(gru, t: 3, n: 24, i: 4, lengths: (0..<24).map { $0 % 4 })
        try Self.expectMatchesReference(gru, inputs, "GRU H=64 N=24")
        try Support.expectGradientsMatchFiniteDifferences(
            gru, inputs: inputs, seeds: Self.seeds(for: try gru.forward(inputs), [0, 1]), checked: [0, 1, 2, 3, 5],
            label: "GRU H=64 N=24", samples: 12)
    }

    @Test func gradientOfMidpointOutputDecaysAwayFromItInBothDirections() throws {
        let t = 4096, midpoint = 2048
        let gru = GRU(hiddenSize: 3, direction: .bidirectional, linearBeforeReset: true)
        let inputs = Self.makeInputs(gru, t: t, n: 1, i: 2, initialState: false)
        let result = try gru.forward(inputs)
        var seed = Tensor(shape: result.outputs[0].shape)
        for d in 0..<2 { for j in 0..<3 { seed[[midpoint, d, 0, j]] = 1 } }
        let dX = try #require(try gru.backward(inputs, forward: result, outputGradients: [seed, nil])[0])
        let magnitude = (0..<t).map { step in abs(Double(dX[[step, 0, 0]])) + abs(Double(dX[[step, 0, 1]])) }
        #expect(magnitude.allSatisfy { $0.isFinite && $0 >= 0 })
        let peak = magnitude.indices.max { magnitude[$0] < magnitude[$1] }!
        print("GRU T=4096: peak |dY[2048]/dX| \(magnitude[peak]) at step \(peak); at 1048 \(magnitude[1048]), at 3048 \(magnitude[3048])")
        #expect(abs(peak - midpoint) <= 2)
        #expect(magnitude[midpoint - 1] > 0 && magnitude[midpoint + 1] > 0)
        #expect(magnitude[midpoint - 1000] < 1e-3 * magnitude[peak])
        #expect(magnitude[midpoint + 1000] < 1e-3 * magnitude[peak])
    }
}
