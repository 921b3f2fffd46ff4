import CKernels

/// Work buffers of one LSTM backward pass, shared by its directions.
struct LSTMBackwardScratch {
    let gateGradients: UnsafeMutablePointer<Float>  // (rows, 4H) dL/d(gate input), 0 on rows past a length
    let previousH: UnsafeMutablePointer<Float>  // (rows, H) H_{t-1} of each row
    let ones: UnsafeMutablePointer<Float>  // (rows)
    let dH: UnsafeMutablePointer<Float>  // (N, H) dL/dH_t carried backwards
    let dC: UnsafeMutablePointer<Float>  // (N, H) dL/dC_t carried backwards
    let stepGradients: UnsafeMutablePointer<Float>  // (N, 4H) this step's gate gradients
    let dHPrevious: UnsafeMutablePointer<Float>  // (N, H) stepGradients · R
    let activated: UnsafeMutablePointer<Float>  // (H) h(C_t)
    let slope: UnsafeMutablePointer<Float>  // (H) an activation's derivative

    init(_ geo: RecurrentGeometry) {
        let n = geo.batchSize, h = geo.hiddenSize, g = geo.gateWidth
        gateGradients = RecurrentBuffers.scratch(geo.rows * g)
        previousH = RecurrentBuffers.scratch(geo.rows * h)
        ones = RecurrentBuffers.scratch(geo.rows)
        ones.update(repeating: 1, count: geo.rows)
        dH = RecurrentBuffers.scratch(n * h)
        dC = RecurrentBuffers.scratch(n * h)
        stepGradients = RecurrentBuffers.scratch(n * g)
        dHPrevious = RecurrentBuffers.scratch(n * h)
        activated = RecurrentBuffers.scratch(h)
        slope = RecurrentBuffers.scratch(h)
    }

    func deallocate() {
        for buffer in [gateGradients, previousH, ones, dH, dC, stepGradients, dHPrevious, activated, slope] {
            buffer.deallocate()
        }
    }
}

extension LSTM {
    /// Runs the recurrence of direction slot `d` over all steps, on `gates` holding X·Wᵀ, or filled a
    /// chunk at a time by `projection` when one is given.
    /// Pointers are already offset to the direction (r, bias, peephole, gates, cells, preClip);
    /// initial states, y and final states are whole and written only at this direction's slots.
    func forwardDirection(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int],
        functions: (f: RecurrentActivation, g: RecurrentActivation, h: RecurrentActivation),
        r: UnsafePointer<Float>, bias: UnsafePointer<Float>?, peephole: UnsafePointer<Float>?,
        initialH: UnsafePointer<Float>?, initialC: UnsafePointer<Float>?,
        y: UnsafeMutablePointer<Float>, finalH: UnsafeMutablePointer<Float>, finalC: UnsafeMutablePointer<Float>,
        gates: UnsafeMutablePointer<Float>, cells: UnsafeMutablePointer<Float>, preClip: UnsafeMutablePointer<Float>?,
        projection: RecurrentInputProjection?
    ) {
        let (f, g, hAct) = functions
        let n = geo.batchSize, h = geo.hiddenSize, width = geo.gateWidth
        let reversed = direction.isReversed(slot: d)

        let biasSum = RecurrentBuffers.scratch(width)  // (4H) Wb + Rb
        let hState = RecurrentBuffers.scratch(n * h)  // (N, H) H_{t-1}
        let cState = RecurrentBuffers.scratch(n * h)  // (N, H) C_{t-1}, updated in place to C_t
        let recurrent = RecurrentBuffers.scratch(n * width)  // (N, 4H) H_{t-1} · Rᵀ
        let activated = RecurrentBuffers.scratch(h)  // (H) h(C_t)
        let rTransposed = PackedOperand(r, k: h, n: width, ldb: h, transposed: true)  // (H, 4H) Rᵀ
        defer {
            for buffer in [biasSum, hState, cState, recurrent, activated] { buffer.deallocate() }
            rTransposed.deallocate()
        }
        if let bias { for j in 0..<width { biasSum[j] = bias[j] + bias[width + j] } }
        for b in 0..<n {
            if let initialH { hState.advanced(by: b * h).update(from: initialH + geo.stateOffset(d, b), count: h) }
            if let initialC { cState.advanced(by: b * h).update(from: initialC + geo.stateOffset(d, b), count: h) }
        }
        let limit = clip ?? .infinity
        // The common case (ONNX's defaults, as PyTorch and Keras export them) runs in one C kernel.
        let plainStep = peephole == nil && preClip == nil && !inputForget && f == .sigmoid && g == .tanh && hAct == .tanh

        let steps = lengths.max() ?? 0
        for s in 0..<steps {
            projection?.prepare(step: s, of: steps, lengths: lengths, reversed: reversed, into: gates)
            // (N, 4H) = H_{t-1} (N, H) · Rᵀ (H, 4H)
            rTransposed.multiply(m: n, hState, lda: h, into: recurrent, ldc: width)
            for b in 0..<n where s < lengths[b] {
                let t = geo.timestep(step: s, length: lengths[b], reversed: reversed)
                let row = geo.row(t, b)
                let gi = gates + row * width, go = gi + h, gf = go + h, gc = gf + h
                let hr = recurrent + b * width
                let c = cState + b * h
                if plainStep {
                    auscult_lstm_step(
                        gi, hr, bias == nil ? nil : UnsafePointer(biasSum), c, cells + row * h, y + geo.outputOffset(t, d, b),
                        hState + b * h, h)
                    continue
                }
                for j in 0..<width { gi[j] = gi[j] + hr[j] }
                if let peephole {
                    for j in 0..<h {
                        gi[j] += peephole[j] * c[j]
                        gf[j] += peephole[2 * h + j] * c[j]
                    }
                }
                for j in 0..<h { gi[j] += biasSum[j] }
                for j in (2 * h)..<width { gi[j] += biasSum[j] }
                if let preClip {
                    let saved = preClip + row * width
                    for j in 0..<width where j < h || j >= 2 * h {  // i, f, c; o after its peephole
                        saved[j] = gi[j]
                        gi[j] = Swift.max(-limit, Swift.min(limit, gi[j]))
                    }
                }
                f.apply(gi, count: h)
                if inputForget {
                    for j in 0..<h { gf[j] = 1 - gi[j] }
                } else {
                    f.apply(gf, count: h)
                }
                g.apply(gc, count: h)
                let cellRow = cells + row * h
                for j in 0..<h {
                    c[j] = c[j] * gf[j] + gi[j] * gc[j]
                    cellRow[j] = c[j]
                }
                if let peephole { for j in 0..<h { go[j] += peephole[h + j] * c[j] } }
                for j in 0..<h { go[j] += biasSum[h + j] }
                if let preClip {
                    let saved = preClip + row * width + h
                    for j in 0..<h {
                        saved[j] = go[j]
                        go[j] = Swift.max(-limit, Swift.min(limit, go[j]))
                    }
                }
                f.apply(go, count: h)
                activated.update(from: c, count: h)
                hAct.apply(activated, count: h)
                let out = y + geo.outputOffset(t, d, b)
                let hNext = hState + b * h
                for j in 0..<h {
                    out[j] = go[j] * activated[j]
                    hNext[j] = out[j]
                }
            }
        }
        for b in 0..<n where lengths[b] > 0 {
            (finalH + geo.stateOffset(d, b)).update(from: hState + b * h, count: h)
            (finalC + geo.stateOffset(d, b)).update(from: cState + b * h, count: h)
        }
    }

    /// Backpropagation through time for direction slot `d`: fills `scratch.gateGradients` with
    /// dL/d(gate input) for every row, and adds this direction's share of dH0, dC0 (at its own slots)
    /// and dP (already offset to the direction). Touches nothing another direction writes.
    func backpropagateThroughTime(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int],
        functions: (f: RecurrentActivation, g: RecurrentActivation, h: RecurrentActivation),
        r: UnsafePointer<Float>, peephole: UnsafePointer<Float>?, initialC: UnsafePointer<Float>?,
        gates: UnsafePointer<Float>, cells: UnsafePointer<Float>, preClip: UnsafePointer<Float>?,
        dY: UnsafePointer<Float>?, dYh: UnsafePointer<Float>?, dYc: UnsafePointer<Float>?,
        dH0: UnsafeMutablePointer<Float>?, dC0: UnsafeMutablePointer<Float>?, dP: UnsafeMutablePointer<Float>?,
        scratch: LSTMBackwardScratch
    ) {
        let (f, g, hAct) = functions
        let n = geo.batchSize, h = geo.hiddenSize, width = geo.gateWidth
        let reversed = direction.isReversed(slot: d)
        let limit = clip ?? .infinity
        let dH = scratch.dH, dC = scratch.dC, slope = scratch.slope, activated = scratch.activated
        for b in 0..<n {
            let state = geo.stateOffset(d, b)
            for j in 0..<h {
                dH[b * h + j] = dYh.map { $0[state + j] } ?? 0
                dC[b * h + j] = dYc.map { $0[state + j] } ?? 0
            }
        }
        /// The row of the step before `t` for batch entry `b`, nil at the sequence's first step.
        func previousRow(_ t: Int, _ b: Int) -> Int? {
            if reversed { return t + 1 < lengths[b] ? geo.row(t + 1, b) : nil }
            return t > 0 ? geo.row(t - 1, b) : nil
        }
        /// Zeroes the derivative where the forward pass clipped the gate input.
        func maskClipped(_ slope: UnsafeMutablePointer<Float>, _ pre: UnsafePointer<Float>?) {
            guard let pre else { return }
            for j in 0..<h where Swift.abs(pre[j]) > limit { slope[j] = 0 }
        }

        let packedR = PackedOperand(r, k: width, n: h, ldb: h, transposed: false)  // (4H, H) R
        defer { packedR.deallocate() }
        for s in stride(from: (lengths.max() ?? 0) - 1, through: 0, by: -1) {
            for b in 0..<n {
                let dg = scratch.stepGradients + b * width  // (4H) dL/d(gate input) i, o, f, c
                guard s < lengths[b] else {
                    dg.update(repeating: 0, count: width)
                    continue
                }
                let t = geo.timestep(step: s, length: lengths[b], reversed: reversed)
                let row = geo.row(t, b)
                let gi = gates + row * width, go = gi + h, gf = go + h, gc = gf + h
                let pre = preClip.map { $0 + row * width }
                let c = cells + row * h
                let cPrevious: UnsafePointer<Float>? =
                    previousRow(t, b).map { cells + $0 * h } ?? initialC.map { $0 + geo.stateOffset(d, b) }
                let dh = dH + b * h, dc = dC + b * h
                if let dY { for j in 0..<h { dh[j] += dY[geo.outputOffset(t, d, b) + j] } }

                // H_t = o ⊙ h(C_t)
                activated.update(from: c, count: h)
                hAct.apply(activated, count: h)
                hAct.derivative(output: activated, into: slope, count: h)
                for j in 0..<h { dc[j] += dh[j] * go[j] * slope[j] }
                f.derivative(output: go, into: slope, count: h)
                maskClipped(slope, pre.map { $0 + h })
                for j in 0..<h { dg[h + j] = dh[j] * activated[j] * slope[j] }
                if let peephole {
                    for j in 0..<h { dc[j] += dg[h + j] * peephole[h + j] }
                    if let dP { for j in 0..<h { dP[h + j] += dg[h + j] * c[j] } }
                }
                // C_t = f ⊙ C_{t-1} + i ⊙ c
                g.derivative(output: gc, into: slope, count: h)
                maskClipped(slope, pre.map { $0 + 3 * h })
                for j in 0..<h { dg[3 * h + j] = dc[j] * gi[j] * slope[j] }
                f.derivative(output: gi, into: slope, count: h)
                maskClipped(slope, pre)
                if inputForget {
                    for j in 0..<h {
                        dg[j] = dc[j] * (gc[j] - (cPrevious?[j] ?? 0)) * slope[j]
                        dg[2 * h + j] = 0
                    }
                } else {
                    for j in 0..<h { dg[j] = dc[j] * gc[j] * slope[j] }
                    f.derivative(output: gf, into: slope, count: h)
                    maskClipped(slope, pre.map { $0 + 2 * h })
                    for j in 0..<h { dg[2 * h + j] = dc[j] * (cPrevious?[j] ?? 0) * slope[j] }
                }
                for j in 0..<h { dc[j] *= gf[j] }
                if let peephole {
                    for j in 0..<h { dc[j] += dg[j] * peephole[j] + dg[2 * h + j] * peephole[2 * h + j] }
                    if let dP, let cPrevious {
                        for j in 0..<h {
                            dP[j] += dg[j] * cPrevious[j]
                            dP[2 * h + j] += dg[2 * h + j] * cPrevious[j]
                        }
                    }
                }
                RecurrentBuffers.flushSubnormals(dg, count: width)
                RecurrentBuffers.flushSubnormals(dc, count: h)
                (scratch.gateGradients + row * width).update(from: dg, count: width)
            }
            // (N, H) = dGates (N, 4H) · R (4H, H)
            packedR.multiply(m: n, scratch.stepGradients, lda: width, into: scratch.dHPrevious, ldc: h)
            for b in 0..<n where s < lengths[b] {
                (dH + b * h).update(from: scratch.dHPrevious + b * h, count: h)
                RecurrentBuffers.flushSubnormals(dH + b * h, count: h)
            }
        }
        for b in 0..<n where lengths[b] > 0 {
            let state = geo.stateOffset(d, b)
            if let dH0 { for j in 0..<h { dH0[state + j] += dH[b * h + j] } }
            if let dC0 { for j in 0..<h { dC0[state + j] += dC[b * h + j] } }
        }
    }

    /// dX (accumulated over directions), and this direction's dW, dR, dB, from the gate gradients
    /// `backpropagateThroughTime` left in `scratch`: one SGEMM each over all T·N rows.
    func accumulateWeightGradients(
        _ d: Int, _ geo: RecurrentGeometry, lengths: [Int], x: UnsafePointer<Float>, w: UnsafePointer<Float>,
        initialH: UnsafePointer<Float>?, y: UnsafePointer<Float>,
        dX: UnsafeMutablePointer<Float>, dW: UnsafeMutablePointer<Float>, dR: UnsafeMutablePointer<Float>,
        dB: UnsafeMutablePointer<Float>?, scratch: LSTMBackwardScratch
    ) {
        let h = geo.hiddenSize, width = geo.gateWidth, rows = geo.rows
        let reversed = direction.isReversed(slot: d)
        // (rows, H) H_{t-1} for every valid row: the previous output, or initial_h at the first step.
        for b in 0..<geo.batchSize {
            for t in 0..<lengths[b] {
                let target = scratch.previousH + geo.row(t, b) * h
                if let previous = reversed ? (t + 1 < lengths[b] ? t + 1 : nil) : (t > 0 ? t - 1 : nil) {
                    target.update(from: y + geo.outputOffset(previous, d, b), count: h)
                } else if let initialH {
                    target.update(from: initialH + geo.stateOffset(d, b), count: h)
                } else {
                    target.update(repeating: 0, count: h)
                }
            }
        }
        let dG = scratch.gateGradients
        // dX (rows, I) += dG (rows, 4H) · W (4H, I)
        RecurrentGEMM.multiply(
            m: rows, n: geo.inputSize, k: width, dG, lda: width, w, ldb: geo.inputSize,
            into: dX, ldc: geo.inputSize, beta: 1)
        // dW (4H, I) = dGᵀ (4H, rows) · X (rows, I)
        RecurrentGEMM.multiply(
            m: width, n: geo.inputSize, k: rows, dG, lda: width, transposeA: true, x, ldb: geo.inputSize,
            into: dW, ldc: geo.inputSize, beta: 0)
        // dR (4H, H) = dGᵀ (4H, rows) · H_{t-1} (rows, H)
        RecurrentGEMM.multiply(
            m: width, n: h, k: rows, dG, lda: width, transposeA: true, scratch.previousH, ldb: h,
            into: dR, ldc: h, beta: 0)
        if let dB {
            // dWb = dRb (4H) = column sums of dG
            RecurrentGEMM.columnSums(m: rows, n: width, dG, lda: width, ones: scratch.ones, into: dB, beta: 0)
            (dB + width).update(from: dB, count: width)
        }
    }
}
