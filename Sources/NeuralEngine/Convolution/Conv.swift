/// ONNX `Conv` (1-D and 2-D) as im2col + `cblas_sgemm`.
///
/// Shapes: `X (N, C, [H,] W)`, `W (M, C/group, [kH,] kW)`, optional `B (M)` → `Y (N, M, [oH,] oW)`.
/// Attributes: `strides`, `dilations`, explicit `pads` (`[begin…, end…]`, may be asymmetric; the
/// importer resolves `auto_pad` into them), `group`. The kernel shape is read from W.
///
/// Per batch and group: `col (C/g·kH·kW, oH·oW)`, `Y_g (M/g, oH·oW) = W_g (M/g, C/g·kH·kW) · col`.
/// Backward: `dW_g += dY_g · colᵀ`, `dcol = W_gᵀ · dY_g` scattered back (col2im), `dB = Σ dY`.
public struct Conv: Operator {
    public var opType: String { "Conv" }
    public let strides: [Int]?
    public let dilations: [Int]?
    public let pads: [Int]?
    public let group: Int

    public init(strides: [Int]? = nil, dilations: [Int]? = nil, pads: [Int]? = nil, group: Int = 1) {
        self.strides = strides
        self.dilations = dilations
        self.pads = pads
        self.group = group
    }

    private struct Plan {
        var batch: Int, channels: Int, outChannels: Int
        var geometry: SpatialGeometry
        var outputShape: [Int]
        var rows: Int { channels * geometry.kernelHeight * geometry.kernelWidth }  // per group
        var columns: Int { geometry.outputHeight * geometry.outputWidth }
    }

    private func plan(_ x: Tensor, _ w: Tensor, _ b: Tensor?) throws -> Plan {
        try plan(x.shape, w.shape, b?.shape)
    }

    private func plan(_ x: [Int], _ w: [Int], _ b: [Int]?) throws -> Plan {
        guard x.count == 3 || x.count == 4, w.count == x.count else {
            throw EngineError.shapeMismatch(opType, "input \(x) and weight \(w) must both have rank 3 or 4")
        }
        // Divisions, not products: `group` comes from the model file and may be huge.
        guard group > 0, x[1] % group == 0, x[1] / group == w[1], w[0] % group == 0 else {
            throw EngineError.shapeMismatch(opType, "input has shape \(x) but weight \(w) with group \(group) expects \(w[1]) channels per group")
        }
        if let b, b != [w[0]] {
            throw EngineError.shapeMismatch(opType, "bias has shape \(b), expected [\(w[0])]")
        }
        let geometry = try SpatialGeometry(
            spatial: Array(x[2...]), kernel: Array(w[2...]), strides: strides, dilations: dilations, pads: pads, opType)
        return Plan(
            batch: x[0], channels: w[1], outChannels: w[0], geometry: geometry,
            outputShape: [x[0], w[0]] + geometry.outputSpatial(rank: x.count - 2))
    }

    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard inputShapes.count >= 2, let x = inputShapes[0], let w = inputShapes[1] else {
            throw EngineError("\(opType): needs inputs X and W")
        }
        return [try plan(x, w, inputShapes.count > 2 ? inputShapes[2] : nil).outputShape]
    }

    /// The im2col buffers: one per lane (at most one per core), each for one batch item and group at a time.
    public func workingElementCount(_ inputShapes: [[Int]?]) throws -> Int {
        guard inputShapes.count >= 2, let x = inputShapes[0], let w = inputShapes[1] else { return 0 }
        let plan = try plan(x, w, nil)
        let (perLane, overflow) = plan.rows.multipliedReportingOverflow(by: plan.columns)
        let (total, overflowAgain) = perLane.multipliedReportingOverflow(by: ParallelLanes.maximumCount(items: plan.batch))
        return overflow || overflowAgain ? Int.max : total
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)  // (N, C, H, W)
        let w = try requireInput(inputs, 1, opType)  // (M, C/g, kH, kW)
        let b = inputs.count > 2 ? inputs[2] : nil   // (M)
        let plan = try plan(x, w, b)
        let g = plan.geometry
        let inPlane = g.inputHeight * g.inputWidth
        let outPerGroup = plan.outChannels / group
        var y = Tensor.uninitialized(plan.outputShape)  // (N, M, oH, oW), every group's SGEMM writes its block
        // Batch items run on parallel lanes, each with its own im2col buffer. With a bias, each output row
        // starts as its bias and the SGEMM adds the product to it (beta 1), saving a pass over Y; where
        // OpenBLAS splits k into blocks, the bias then joins the sum before the last block rather than
        // after it (a difference of an ulp or so).
        let lanes = ParallelLanes.count(items: plan.batch)
        let bias = b?.values
        w.values.withUnsafeBufferPointer { w in
            y.values.withUnsafeMutableBufferPointer { yBuffer in
                let y = yBuffer.baseAddress!
                ParallelLanes.run(lanes) { lane in
                    var col = [Float].uninitialized(count: plan.rows * plan.columns)  // (C/g·kH·kW, oH·oW)
                    for n in ParallelLanes.pieces(lane: lane, of: lanes, items: plan.batch) {
                        if let bias {
                            for m in 0..<plan.outChannels {
                                (y + (n * plan.outChannels + m) * plan.columns).update(repeating: bias[m], count: plan.columns)
                            }
                        }
                        for gr in 0..<group {
                            Im2Col.pack(x.values, offset: (n * group + gr) * plan.channels * inPlane, channels: plan.channels, g, into: &col)
                            BLAS.sgemm(
                                transA: false, transB: false, m: outPerGroup, n: plan.columns, k: plan.rows,
                                a: w.baseAddress! + gr * outPerGroup * plan.rows, lda: plan.rows, b: col, ldb: plan.columns,
                                beta: bias == nil ? 0 : 1,
                                c: y + (n * plan.outChannels + gr * outPerGroup) * plan.columns, ldc: plan.columns)
                        }
                    }
                }
            }
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        let x = try requireInput(inputs, 0, opType)
        let w = try requireInput(inputs, 1, opType)
        let b = inputs.count > 2 ? inputs[2] : nil
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }  // (N, M, oH, oW)
        let plan = try plan(x, w, b)
        let g = plan.geometry
        let inPlane = g.inputHeight * g.inputWidth
        let outPerGroup = plan.outChannels / group
        var dx = Tensor(shape: x.shape)  // (N, C, H, W)
        var dw = Tensor(shape: w.shape)  // (M, C/g, kH, kW)
        var col = [Float](repeating: 0, count: plan.rows * plan.columns)   // (C/g·kH·kW, oH·oW)
        var dcol = [Float](repeating: 0, count: plan.rows * plan.columns)  // (C/g·kH·kW, oH·oW)
        for n in 0..<plan.batch {
            for gr in 0..<group {
                let xOffset = (n * group + gr) * plan.channels * inPlane
                Im2Col.pack(x.values, offset: xOffset, channels: plan.channels, g, into: &col)
                let dyOffset = (n * plan.outChannels + gr * outPerGroup) * plan.columns
                let wOffset = gr * outPerGroup * plan.rows
                dy.values.withUnsafeBufferPointer { dy in
                    w.values.withUnsafeBufferPointer { w in
                        dw.values.withUnsafeMutableBufferPointer { dw in
                            // dW_g (M/g, rows) += dY_g (M/g, cols) · colᵀ
                            BLAS.sgemm(
                                transA: false, transB: true, m: outPerGroup, n: plan.rows, k: plan.columns,
                                a: dy.baseAddress! + dyOffset, lda: plan.columns, b: col, ldb: plan.columns,
                                beta: 1, c: dw.baseAddress! + wOffset, ldc: plan.rows)
                        }
                        // dcol (rows, cols) = W_gᵀ · dY_g
                        BLAS.sgemm(
                            transA: true, transB: false, m: plan.rows, n: plan.columns, k: outPerGroup,
                            a: w.baseAddress! + wOffset, lda: plan.rows, b: dy.baseAddress! + dyOffset, ldb: plan.columns,
                            c: &dcol, ldc: plan.columns)
                    }
                }
                Im2Col.unpackAdd(dcol, channels: plan.channels, g, into: &dx.values, offset: xOffset)
            }
        }
        var gradients: [Tensor?] = [dx, dw]
        if inputs.count > 2 {
            if let b {
                var db = Tensor(shape: b.shape)  // (M)
                for n in 0..<plan.batch {
                    for m in 0..<plan.outChannels {
                        let base = (n * plan.outChannels + m) * plan.columns
                        var sum: Float = 0
                        for index in base..<(base + plan.columns) { sum += dy.values[index] }
                        db.values[m] += sum
                    }
                }
                gradients.append(db)
            } else {
                gradients.append(nil)
            }
        }
        return gradients
    }
}

/// im2col and its adjoint for one group of one image.
enum Im2Col {
    /// The output columns `ox` whose input column `ox·sW + shift` lies inside `[0, width)`.
    @inline(__always)
    static func validColumns(shift: Int, stride: Int, width: Int, outputWidth: Int) -> Range<Int> {
        let low = shift >= 0 ? 0 : (-shift + stride - 1) / stride
        let high = width - 1 - shift < 0 ? 0 : (width - 1 - shift) / stride + 1
        return min(low, outputWidth)..<max(min(low, outputWidth), min(high, outputWidth))
    }

    /// Writes `col[(c·kH + i)·kW + j, oy·oW + ox] = x[c, oy·sH − pT + i·dH, ox·sW − pL + j·dW]`
    /// (0 in the padding) for `channels` planes of `x` starting at `offset`.
    static func pack(_ x: [Float], offset: Int, channels: Int, _ g: SpatialGeometry, into col: inout [Float]) {
        let columns = g.outputHeight * g.outputWidth
        x.withUnsafeBufferPointer { x in
            col.withUnsafeMutableBufferPointer { col in
                let x = x.baseAddress!, col = col.baseAddress!
                for c in 0..<channels {
                    let plane = offset + c * g.inputHeight * g.inputWidth
                    for i in 0..<g.kernelHeight {
                        for j in 0..<g.kernelWidth {
                            let row = ((c * g.kernelHeight + i) * g.kernelWidth + j) * columns
                            let shift = j * g.dilationWidth - g.padLeft
                            let valid = validColumns(shift: shift, stride: g.strideWidth, width: g.inputWidth, outputWidth: g.outputWidth)
                            for oy in 0..<g.outputHeight {
                                let iy = oy * g.strideHeight - g.padTop + i * g.dilationHeight
                                let target = col + row + oy * g.outputWidth
                                guard iy >= 0, iy < g.inputHeight, !valid.isEmpty else {
                                    target.update(repeating: 0, count: g.outputWidth)
                                    continue
                                }
                                target.update(repeating: 0, count: valid.lowerBound)
                                (target + valid.upperBound).update(repeating: 0, count: g.outputWidth - valid.upperBound)
                                let source = x + plane + iy * g.inputWidth + shift
                                if g.strideWidth == 1 {
                                    (target + valid.lowerBound).update(from: source + valid.lowerBound, count: valid.count)
                                } else {
                                    for ox in valid { target[ox] = source[ox * g.strideWidth] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds `col` back into the image planes (`+=`; overlapping windows sum): the adjoint of `pack`.
    static func unpackAdd(_ col: [Float], channels: Int, _ g: SpatialGeometry, into x: inout [Float], offset: Int) {
        let columns = g.outputHeight * g.outputWidth
        col.withUnsafeBufferPointer { col in
            x.withUnsafeMutableBufferPointer { x in
                let x = x.baseAddress!, col = col.baseAddress!
                for c in 0..<channels {
                    let plane = offset + c * g.inputHeight * g.inputWidth
                    for i in 0..<g.kernelHeight {
                        for j in 0..<g.kernelWidth {
                            let row = ((c * g.kernelHeight + i) * g.kernelWidth + j) * columns
                            let shift = j * g.dilationWidth - g.padLeft
                            let valid = validColumns(shift: shift, stride: g.strideWidth, width: g.inputWidth, outputWidth: g.outputWidth)
                            for oy in 0..<g.outputHeight {
                                let iy = oy * g.strideHeight - g.padTop + i * g.dilationHeight
                                guard iy >= 0, iy < g.inputHeight else { continue }
                                let source = col + row + oy * g.outputWidth
                                let target = x + plane + iy * g.inputWidth + shift
                                if g.strideWidth == 1 {
                                    for ox in valid { target[ox] += source[ox] }  // contiguous: vectorises
                                } else {
                                    for ox in valid { target[ox * g.strideWidth] += source[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
