/// ONNX `MatMul` with numpy semantics: batched over leading axes with broadcasting.
///
/// Shapes: `A (…, M, K)`, `B (…, K, N)` → `Y (broadcast(…), M, N)`. A 1-D A is promoted to `(1, K)` and
/// a 1-D B to `(K, 1)`, the promoted axis being removed from Y. Each batch is one `cblas_sgemm`;
/// backward accumulates (beta = 1) into the batch of A or B that was broadcast, which sums the
/// gradient over broadcast batch axes.
public struct MatMul: Operator {
    public var opType: String { "MatMul" }
    public init() {}

    private struct Plan {
        var m: Int, k: Int, n: Int
        var outputShape: [Int]           // Y's shape after removing promoted axes
        var aOffsets: [Int], bOffsets: [Int]  // element offset of each batch's matrix in A and B
    }

    /// The promoted matrix shapes, the broadcast batch shape and the output shape, from the shapes alone.
    private func shapes(_ a: [Int], _ b: [Int]) throws -> (a: [Int], b: [Int], batch: [Int], m: Int, k: Int, n: Int, output: [Int]) {
        guard a.count >= 1, b.count >= 1 else {
            throw EngineError.shapeMismatch(opType, "inputs \(a) and \(b) must have rank ≥ 1")
        }
        let aShape = a.count == 1 ? [1, a[0]] : a
        let bShape = b.count == 1 ? [b[0], 1] : b
        let (m, k) = (aShape[aShape.count - 2], aShape[aShape.count - 1])
        let (kB, n) = (bShape[bShape.count - 2], bShape[bShape.count - 1])
        guard k == kB else {
            throw EngineError.shapeMismatch(opType, "A \(a) and B \(b) disagree on the contracted axis (\(k) vs \(kB))")
        }
        let batch = try Broadcasting.shape([Array(aShape.dropLast(2)), Array(bShape.dropLast(2))], opType)
        var output = batch
        if a.count > 1 { output.append(m) }
        if b.count > 1 { output.append(n) }
        return (aShape, bShape, batch, m, k, n, output)
    }

    /// From the shapes alone: `(M, 1) · (1, N)` is far larger than its inputs.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard inputShapes.count >= 2, let a = inputShapes[0], let b = inputShapes[1] else {
            throw EngineError("\(opType): needs inputs A and B")
        }
        return [try shapes(a, b).output]
    }

    private func plan(_ a: Tensor, _ b: Tensor) throws -> Plan {
        let (aShape, bShape, batch, m, k, n, outputShape) = try shapes(a.shape, b.shape)
        var aOffsets = [Int](), bOffsets = [Int]()
        let aStrides = Broadcasting.strides(of: Array(aShape.dropLast(2)), broadcastTo: batch).map { $0 * m * k }
        let bStrides = Broadcasting.strides(of: Array(bShape.dropLast(2)), broadcastTo: batch).map { $0 * k * n }
        StridedLoop.forEach(shape: batch, strides: aStrides) { _, offset in aOffsets.append(offset) }
        StridedLoop.forEach(shape: batch, strides: bStrides) { _, offset in bOffsets.append(offset) }
        return Plan(m: m, k: k, n: n, outputShape: outputShape, aOffsets: aOffsets, bOffsets: bOffsets)
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let plan = try plan(a, b)
        let (m, k, n) = (plan.m, plan.k, plan.n)
        var y = Tensor.uninitialized(plan.outputShape)  // (batch…, M, N), each block written by its SGEMM
        a.values.withUnsafeBufferPointer { a in
            b.values.withUnsafeBufferPointer { b in
                y.values.withUnsafeMutableBufferPointer { y in
                    for index in plan.aOffsets.indices {
                        BLAS.sgemm(
                            transA: false, transB: false, m: m, n: n, k: k,
                            a: a.baseAddress! + plan.aOffsets[index], lda: k,
                            b: b.baseAddress! + plan.bOffsets[index], ldb: n,
                            c: y.baseAddress! + index * m * n, ldc: n)
                    }
                }
            }
        }
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil, nil] }  // (batch…, M, N)
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let plan = try plan(a, b)
        let (m, k, n) = (plan.m, plan.k, plan.n)
        var da = Tensor(shape: a.shape), db = Tensor(shape: b.shape)
        a.values.withUnsafeBufferPointer { a in
            b.values.withUnsafeBufferPointer { b in
                dy.values.withUnsafeBufferPointer { dy in
                    da.values.withUnsafeMutableBufferPointer { da in
                        db.values.withUnsafeMutableBufferPointer { db in
                            for index in plan.aOffsets.indices {
                                let dyBatch = dy.baseAddress! + index * m * n
                                // dA (M, K) += dY (M, N) · Bᵀ
                                BLAS.sgemm(
                                    transA: false, transB: true, m: m, n: k, k: n,
                                    a: dyBatch, lda: n, b: b.baseAddress! + plan.bOffsets[index], ldb: n,
                                    beta: 1, c: da.baseAddress! + plan.aOffsets[index], ldc: k)
                                // dB (K, N) += Aᵀ · dY (M, N)
                                BLAS.sgemm(
                                    transA: true, transB: false, m: k, n: n, k: m,
                                    a: a.baseAddress! + plan.aOffsets[index], lda: k, b: dyBatch, ldb: n,
                                    beta: 1, c: db.baseAddress! + plan.bOffsets[index], ldc: n)
                            }
                        }
                    }
                }
            }
        }
        return [da, db]
    }
}
