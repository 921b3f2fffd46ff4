/// Work buffers of one GRU backward pass, shared by its directions.
struct GRUBackwardScratch {
    let inputGradients: UnsafeMutablePointer<Float>  // (rows, 3H) dL/d(X·Wᵀ + Wb), 0 on rows past a length
    let recurrentGradients: UnsafeMutablePointer<Float>  // (rows, 3H) dL/d(H·Rᵀ + Rb) (linear_before_reset 1)
    let previousH: UnsafeMutablePointer<Float>  // (rows, H) H_{t-1} of each row; later r ⊙ H_{t-1}
    let ones: UnsafeMutablePointer<Float>  // (rows)
    let dH: UnsafeMutablePointer<Float>  // (N, H) dL/dH_t carried backwards
    let stepGradients: UnsafeMutablePointer<Float>  // (N, 3H) this step's recurrent-side gate gradients
    let dHPrevious: UnsafeMutablePointer<Float>  // (N, H) stepGradients · R
    let dResetInput: UnsafeMutablePointer<Float>  // (N, H) dL/d(r ⊙ H_{t-1}) (linear_before_reset 0)
    let slope: UnsafeMutablePointer<Float>  // (H) an activation's derivative

    init(_ geo: RecurrentGeometry, linearBeforeReset: Bool) {
        let n = geo.batchSize, h = geo.hiddenSize, g = geo.gateWidth
        inputGradients = RecurrentBuffers.scratch(geo.rows * g)
        recurrentGradients = RecurrentBuffers.scratch(linearBeforeReset ? geo.rows * g : 0)
        previousH = RecurrentBuffers.scratch(geo.rows * h)
        ones = RecurrentBuffers.scratch(geo.rows)
        ones.update(repeating: 1, count: geo.rows)
        dH = RecurrentBuffers.scratch(n * h)
        stepGradients = RecurrentBuffers.scratch(n * g)
        dHPrevious = RecurrentBuffers.scratch(n * h)
        dResetInput = RecurrentBuffers.scratch(n * h)
        slope = RecurrentBuffers.scratch(h)
    }

    func deallocate() {
        for buffer in [
            inputGradients, recurrentGradients, previousH, ones, dH, stepGradients, dHPrevious, dResetInput, slope,
        ] {
            buffer.deallocate()
        }
    }
}

extension GRU {
    /// Runs the recurrence of direction slot `d` over all steps, on `gates` holding X·Wᵀ or filled a
    /// chunk at a time by `projection`; pointers as in `LSTM.forwardDirection`.
    func forwardDirection(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int], functions: (f: RecurrentActivation, g: RecurrentActivation),
        r: UnsafePointer<Float>, bias: UnsafePointer<Float>?, initialH: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, finalH: UnsafeMutablePointer<Float>,
        gates: UnsafeMutablePointer<Float>, linear: UnsafeMutablePointer<Float>?, preClip: UnsafeMutablePointer<Float>?,
        projection: RecurrentInputProjection?
    ) {
        let (f, g) = functions
        let n = geo.batchSize, h = geo.hiddenSize, width = geo.gateWidth
        let reversed = direction.isReversed(slot: d)
        let limit = clip ?? .infinity

        let inputBias = RecurrentBuffers.scratch(width)  // (3H) Wb, plus Rb for z and r
        let recurrentBias = RecurrentBuffers.scratch(h)  // (H) Rbh
        let hState = RecurrentBuffers.scratch(n * h)  // (N, H) H_{t-1}
        let recurrent = RecurrentBuffers.scratch(n * width)  // (N, 3H) H_{t-1} · Rᵀ, or (r ⊙ H_{t-1}) · Rhᵀ for h
        let resetState = RecurrentBuffers.scratch(n * h)  // (N, H) r ⊙ H_{t-1}
        defer { for buffer in [inputBias, recurrentBias, hState, recurrent, resetState] { buffer.deallocate() } }
        if let bias {
            for j in 0..<(2 * h) { inputBias[j] = bias[j] + bias[width + j] }
            for j in 0..<h {
                inputBias[2 * h + j] = linearBeforeReset ? bias[2 * h + j] : bias[2 * h + j] + bias[width + 2 * h + j]
                recurrentBias[j] = bias[width + 2 * h + j]
            }
        }
        if let initialH {
            for b in 0..<n { hState.advanced(by: b * h).update(from: initialH + geo.stateOffset(d, b), count: h) }
        }
        func clipInPlace(_ values: UnsafeMutablePointer<Float>, saveTo saved: UnsafeMutablePointer<Float>?) {
            guard let saved else { return }
            for j in 0..<h {
                saved[j] = values[j]
                values[j] = Swift.max(-limit, Swift.min(limit, values[j]))
            }
        }

        // Rᵀ of the gates the first product covers (z, r, and h̃ when the reset comes after it), and Rhᵀ.
        let gatesRTransposed = PackedOperand(r, k: h, n: linearBeforeReset ? width : 2 * h, ldb: h, transposed: true)
        let candidateRTransposed = PackedOperand(r + 2 * h * h, k: h, n: h, ldb: h, transposed: true)
        defer {
            gatesRTransposed.deallocate()
            candidateRTransposed.deallocate()
        }
        let steps = lengths.max() ?? 0
        for s in 0..<steps {
            projection?.prepare(step: s, of: steps, lengths: lengths, reversed: reversed, into: gates)
            // (N, 3H) = H_{t-1} (N, H) · Rᵀ (H, 3H), or only the z, r part (N, 2H) when the reset comes first
            gatesRTransposed.multiply(m: n, hState, lda: h, into: recurrent, ldc: width)
            for b in 0..<n where s < lengths[b] {
                let row = geo.row(geo.timestep(step: s, length: lengths[b], reversed: reversed), b)
                let gz = gates + row * width, gr = gz + h
                let hr = recurrent + b * width
                for j in 0..<(2 * h) { gz[j] = (gz[j] + hr[j]) + inputBias[j] }
                clipInPlace(gz, saveTo: preClip.map { $0 + row * width })
                clipInPlace(gr, saveTo: preClip.map { $0 + row * width + h })
                f.apply(gz, count: 2 * h)
                if !linearBeforeReset {
                    let reset = resetState + b * h, previous = hState + b * h
                    for j in 0..<h { reset[j] = gr[j] * previous[j] }
                }
            }
            if !linearBeforeReset {
                // (N, H) = (r ⊙ H_{t-1}) (N, H) · Rhᵀ (H, H)
                candidateRTransposed.multiply(m: n, resetState, lda: h, into: recurrent + 2 * h, ldc: width)
            }
            for b in 0..<n where s < lengths[b] {
                let t = geo.timestep(step: s, length: lengths[b], reversed: reversed)
                let row = geo.row(t, b)
                let gz = gates + row * width, gr = gz + h, gh = gr + h
                let hr = recurrent + b * width + 2 * h
                if let linear {
                    let saved = linear + row * h
                    for j in 0..<h {
                        saved[j] = hr[j] + recurrentBias[j]
                        gh[j] = gh[j] + gr[j] * saved[j] + inputBias[2 * h + j]
                    }
                } else {
                    for j in 0..<h { gh[j] = (gh[j] + hr[j]) + inputBias[2 * h + j] }
                }
                clipInPlace(gh, saveTo: preClip.map { $0 + row * width + 2 * h })
                g.apply(gh, count: h)
                let out = y + geo.outputOffset(t, d, b)
                let state = hState + b * h
                for j in 0..<h {
                    state[j] = (1 - gz[j]) * gh[j] + gz[j] * state[j]
                    out[j] = state[j]
                }
            }
        }
        for b in 0..<n where lengths[b] > 0 {
            (finalH + geo.stateOffset(d, b)).update(from: hState + b * h, count: h)
        }
    }

    /// Backpropagation through time for direction slot `d`: fills the scratch's gate gradients for
    /// every row and adds this direction's share of dH0 (at its own slots). Touches nothing another
    /// direction writes.
    func backpropagateThroughTime(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int], functions: (f: RecurrentActivation, g: RecurrentActivation),
        r: UnsafePointer<Float>, initialH: UnsafePointer<Float>?,
        y: UnsafePointer<Float>, gates: UnsafePointer<Float>, linear: UnsafePointer<Float>?, preClip: UnsafePointer<Float>?,
        dY: UnsafePointer<Float>?, dYh: UnsafePointer<Float>?, dH0: UnsafeMutablePointer<Float>?,
        scratch: GRUBackwardScratch
    ) {
        let (f, g) = functions
        let n = geo.batchSize, h = geo.hiddenSize, width = geo.gateWidth
        let reversed = direction.isReversed(slot: d)
        let limit = clip ?? .infinity
        let dH = scratch.dH, slope = scratch.slope, previousH = scratch.previousH
        for b in 0..<n {
            let state = geo.stateOffset(d, b)
            for j in 0..<h { dH[b * h + j] = dYh.map { $0[state + j] } ?? 0 }
        }
        // (rows, H) H_{t-1} for every valid row: the previous output, or initial_h at the first step.
        for b in 0..<n {
            for t in 0..<lengths[b] {
                let target = previousH + geo.row(t, b) * h
                if let previous = reversed ? (t + 1 < lengths[b] ? t + 1 : nil) : (t > 0 ? t - 1 : nil) {
                    target.update(from: y + geo.outputOffset(previous, d, b), count: h)
                } else if let initialH {
                    target.update(from: initialH + geo.stateOffset(d, b), count: h)
                } else {
                    target.update(repeating: 0, count: h)
                }
            }
        }
        func maskClipped(_ pre: UnsafePointer<Float>?) {
            guard let pre else { return }
            for j in 0..<h where Swift.abs(pre[j]) > limit { slope[j] = 0 }
        }

        // R of the gates whose gradients reach H_{t-1} directly, and Rh.
        let gatesR = PackedOperand(r, k: linearBeforeReset ? width : 2 * h, n: h, ldb: h, transposed: false)
        let candidateR = PackedOperand(r + 2 * h * h, k: h, n: h, ldb: h, transposed: false)
        defer {
            gatesR.deallocate()
            candidateR.deallocate()
        }
        for s in stride(from: (lengths.max() ?? 0) - 1, through: 0, by: -1) {
            // z and h̃ gradients, and the part of dH_{t-1} that flows through z ⊙ H_{t-1}
            for b in 0..<n {
                let dg = scratch.stepGradients + b * width  // (3H) z, r, h
                guard s < lengths[b] else {
                    dg.update(repeating: 0, count: width)
                    continue
                }
                let t = geo.timestep(step: s, length: lengths[b], reversed: reversed)
                let row = geo.row(t, b)
                let gz = gates + row * width, gh = gz + 2 * h
                let pre = preClip.map { $0 + row * width }
                let previous = previousH + row * h
                let dh = dH + b * h
                if let dY { for j in 0..<h { dh[j] += dY[geo.outputOffset(t, d, b) + j] } }
                f.derivative(output: gz, into: slope, count: h)
                maskClipped(pre)
                for j in 0..<h { dg[j] = dh[j] * (previous[j] - gh[j]) * slope[j] }
                g.derivative(output: gh, into: slope, count: h)
                maskClipped(pre.map { $0 + 2 * h })
                for j in 0..<h {
                    dg[2 * h + j] = dh[j] * (1 - gz[j]) * slope[j]
                    dh[j] *= gz[j]
                }
            }
            if !linearBeforeReset {
                // dL/d(r ⊙ H_{t-1}) (N, H) = dh̃ (N, H) · Rh (H, H)
                candidateR.multiply(m: n, scratch.stepGradients + 2 * h, lda: width, into: scratch.dResetInput, ldc: h)
            }
            // r gradients; rows are stored for the all-steps GEMMs after the loop
            for b in 0..<n where s < lengths[b] {
                let row = geo.row(geo.timestep(step: s, length: lengths[b], reversed: reversed), b)
                let gr = gates + row * width + h
                let dg = scratch.stepGradients + b * width
                let previous = previousH + row * h
                f.derivative(output: gr, into: slope, count: h)
                maskClipped(preClip.map { $0 + row * width + h })
                if let linear {
                    let saved = linear + row * h
                    for j in 0..<h { dg[h + j] = dg[2 * h + j] * saved[j] * slope[j] }
                    (scratch.inputGradients + row * width).update(from: dg, count: width)
                    for j in 0..<h { dg[2 * h + j] *= gr[j] }
                    (scratch.recurrentGradients + row * width).update(from: dg, count: width)
                } else {
                    let dReset = scratch.dResetInput + b * h, dh = dH + b * h
                    for j in 0..<h {
                        dg[h + j] = dReset[j] * previous[j] * slope[j]
                        dh[j] += dReset[j] * gr[j]
                    }
                    (scratch.inputGradients + row * width).update(from: dg, count: width)
                }
            }
            // dH_{t-1} (N, H) += dGates (N, 3H or 2H) · R (3H or 2H, H)
            gatesR.multiply(m: n, scratch.stepGradients, lda: width, into: scratch.dHPrevious, ldc: h)
            for b in 0..<n where s < lengths[b] {
                for j in 0..<h { dH[b * h + j] += scratch.dHPrevious[b * h + j] }
            }
        }
        if let dH0 {
            for b in 0..<n where lengths[b] > 0 {
                for j in 0..<h { dH0[geo.stateOffset(d, b) + j] += dH[b * h + j] }
            }
        }
    }

    /// dX (accumulated over directions), and this direction's dW, dR, dB, from the gate gradients
    /// `backpropagateThroughTime` left in `scratch`: one SGEMM each over all T·N rows.
    func accumulateWeightGradients(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int], x: UnsafePointer<Float>, w: UnsafePointer<Float>,
        gates: UnsafePointer<Float>, dX: UnsafeMutablePointer<Float>, dW: UnsafeMutablePointer<Float>,
        dR: UnsafeMutablePointer<Float>, dB: UnsafeMutablePointer<Float>?, scratch: GRUBackwardScratch
    ) {
        let h = geo.hiddenSize, width = geo.gateWidth, rows = geo.rows
        let previousH = scratch.previousH
        let dGX = scratch.inputGradients
        let dGR = linearBeforeReset ? scratch.recurrentGradients : dGX
        // dX (rows, I) += dGX (rows, 3H) · W (3H, I)
        RecurrentGEMM.multiply(
            m: rows, n: geo.inputSize, k: width, dGX, lda: width, w, ldb: geo.inputSize,
            into: dX, ldc: geo.inputSize, beta: 1)
        // dW (3H, I) = dGXᵀ (3H, rows) · X (rows, I)
        RecurrentGEMM.multiply(
            m: width, n: geo.inputSize, k: rows, dGX, lda: width, transposeA: true, x, ldb: geo.inputSize,
            into: dW, ldc: geo.inputSize, beta: 0)
        if linearBeforeReset {
            // dR (3H, H) = dGRᵀ (3H, rows) · H_{t-1} (rows, H)
            RecurrentGEMM.multiply(
                m: width, n: h, k: rows, dGR, lda: width, transposeA: true, previousH, ldb: h, into: dR, ldc: h, beta: 0)
        } else {
            // dRzr (2H, H) = dGzrᵀ · H_{t-1}; dRh (H, H) = dGhᵀ · (r ⊙ H_{t-1})
            RecurrentGEMM.multiply(
                m: 2 * h, n: h, k: rows, dGR, lda: width, transposeA: true, previousH, ldb: h, into: dR, ldc: h, beta: 0)
            for b in 0..<geo.batchSize {
                for t in 0..<lengths[b] {
                    let row = geo.row(t, b)
                    let gr = gates + row * width + h, previous = previousH + row * h
                    for j in 0..<h { previous[j] *= gr[j] }
                }
            }
            RecurrentGEMM.multiply(
                m: h, n: h, k: rows, dGR + 2 * h, lda: width, transposeA: true, previousH, ldb: h,
                into: dR + 2 * h * h, ldc: h, beta: 0)
        }
        if let dB {
            // dWb (3H) and dRb (3H): column sums of the input- and recurrent-side gate gradients
            RecurrentGEMM.columnSums(m: rows, n: width, dGX, lda: width, ones: scratch.ones, into: dB, beta: 0)
            RecurrentGEMM.columnSums(m: rows, n: width, dGR, lda: width, ones: scratch.ones, into: dB + width, beta: 0)
        }
    }
}
