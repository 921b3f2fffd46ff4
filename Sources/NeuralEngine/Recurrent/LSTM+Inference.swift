extension LSTM {
    /// Steps per stretch: at least a few hundred, so that packing R and setting up each stretch stays
    /// small next to its steps, and whole input-projection chunks.
    static func stretchSteps(_ geo: RecurrentGeometry) -> Int {
        Swift.min(geo.sequenceLength, Swift.max(RecurrentInputProjection.chunkSteps(geo), 256))
    }

    /// Y, Y_h and Y_c with nothing saved for backward: the same arithmetic as `forward`, but each
    /// direction runs the sequence in stretches of a few hundred steps whose gates and cell states
    /// reuse one small buffer, instead of writing `[dirs, T·N, 4H]` gates and `[dirs, T·N, H]` cells
    /// to memory (268 MB and 67 MB for a batch of 16 weeks of 4,096 steps with H = 128).
    ///
    /// Time-major layers without `sequence_lens` shorter than T and without `clip` take this path;
    /// others run `forward` and drop what it saved.
    public func infer(_ inputs: [Tensor?]) throws -> [Tensor] {
        let geo = try geometry(inputs)
        let lengths = try geo.sequenceLengths(inputs.count > 4 ? inputs[4] : nil)
        let steps = geo.sequenceLength
        guard geo.rows > 0, geo.layout == .timeMajor, clip == nil, lengths.allSatisfy({ $0 == steps }) else {
            return try forward(inputs).outputs
        }
        let dirs = geo.directions, gates = geo.gateWidth, h = geo.hiddenSize, i = geo.inputSize, n = geo.batchSize
        let span = Self.stretchSteps(geo)
        var y = RecurrentBuffers.make(geo.outputShape.reduce(1, *), zeroed: false)
        var finalH = RecurrentBuffers.make(dirs * n * h, zeroed: false)
        var finalC = RecurrentBuffers.make(dirs * n * h, zeroed: false)
        let operands = (0..<8).map { $0 < inputs.count ? inputs[$0] : nil }

        try y.withUnsafeMutableBufferPointer { y in
            try finalH.withUnsafeMutableBufferPointer { finalH in
                try finalC.withUnsafeMutableBufferPointer { finalC in
                    try RecurrentBuffers.withBaseAddresses(operands) { p in
                        let functions = try (0..<dirs).map { try activations(slot: $0) }
                        let concurrently = RecurrentBuffers.concurrentDirections(dirs)
                        RecurrentBuffers.forEachDirection(dirs, concurrently: concurrently) { d in
                            let gateBuffer = RecurrentBuffers.scratch(span * n * gates)
                            let cellBuffer = RecurrentBuffers.scratch(span * n * h)
                            // States [dirs, N, H], carried from one stretch to the next at this direction's slots.
                            let stateH = RecurrentBuffers.scratch(dirs * n * h)
                            let stateC = RecurrentBuffers.scratch(dirs * n * h)
                            defer { for buffer in [gateBuffer, cellBuffer, stateH, stateC] { buffer.deallocate() } }
                            let slot = d * n * h
                            if let initialH = p[5] { (stateH + slot).update(from: initialH + slot, count: n * h) }
                            if let initialC = p[6] { (stateC + slot).update(from: initialC + slot, count: n * h) }
                            let reversed = direction.isReversed(slot: d)
                            var done = 0
                            while done < steps {
                                let count = Swift.min(span, steps - done)
                                let first = reversed ? steps - done - count : done  // the stretch's first timestep
                                let stretch = geo.withSequenceLength(count)
                                let projection = RecurrentInputProjection(
                                    x: p[0]! + first * n * i, w: p[1]! + d * gates * i, geometry: stretch)
                                if !concurrently { projection.projectAll(into: gateBuffer) }
                                forwardDirection(
                                    d, stretch, lengths: Array(repeating: count, count: n), functions: functions[d],
                                    r: p[2]! + d * gates * h, bias: p[3].map { $0 + d * 2 * gates },
                                    peephole: p[7].map { $0 + d * 3 * h },
                                    initialH: UnsafePointer(stateH), initialC: UnsafePointer(stateC),
                                    y: y.baseAddress! + first * dirs * n * h, finalH: stateH, finalC: stateC,
                                    gates: gateBuffer, cells: cellBuffer, preClip: nil,
                                    projection: concurrently ? projection : nil)
                                done += count
                            }
                            (finalH.baseAddress! + slot).update(from: stateH + slot, count: n * h)
                            (finalC.baseAddress! + slot).update(from: stateC + slot, count: n * h)
                        }
                    }
                }
            }
        }
        return [
            Tensor(shape: geo.outputShape, values: y)!,
            Tensor(shape: geo.stateShape, values: finalH)!,
            Tensor(shape: geo.stateShape, values: finalC)!,
        ]
    }
}
