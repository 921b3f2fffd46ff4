/// ONNX `Gemm`: `Y = alpha · A' · B' + beta · C`, with `A' = transA ? Aᵀ : A`, `B' = transB ? Bᵀ : B`.
///
/// Shapes: `A (M, K)` or `(K, M)`, `B (K, N)` or `(N, K)`, optional `C` unidirectionally broadcastable
/// to `(M, N)` → `Y (M, N)`. Gradients for A, B and C, all through `cblas_sgemm`.
public struct Gemm: Operator {
    public var opType: String { "Gemm" }
    public let alpha: Float
    public let beta: Float
    public let transA: Bool
    public let transB: Bool

    public init(alpha: Float = 1, beta: Float = 1, transA: Bool = false, transB: Bool = false) {
        self.alpha = alpha
        self.beta = beta
        self.transA = transA
        self.transB = transB
    }

    private func dimensions(_ a: Tensor, _ b: Tensor) throws -> (m: Int, k: Int, n: Int) {
        try dimensions(a.shape, b.shape)
    }

    private func dimensions(_ a: [Int], _ b: [Int]) throws -> (m: Int, k: Int, n: Int) {
        guard a.count == 2, b.count == 2 else {
            throw EngineError.shapeMismatch(opType, "A \(a) and B \(b) must both be matrices")
        }
        let (m, k) = transA ? (a[1], a[0]) : (a[0], a[1])
        let (kB, n) = transB ? (b[1], b[0]) : (b[0], b[1])
        guard k == kB else {
            throw EngineError.shapeMismatch(opType, "A \(a) (transA=\(transA)) and B \(b) (transB=\(transB)) disagree on K")
        }
        return (m, k, n)
    }

    /// From the shapes alone: `(M, 1) · (1, N)` is far larger than its inputs.
    public func outputShapes(_ inputShapes: [[Int]?]) throws -> [[Int]] {
        guard inputShapes.count >= 2, let a = inputShapes[0], let b = inputShapes[1] else {
            throw EngineError.shapeMismatch(opType, "it needs A and B")
        }
        let (m, _, n) = try dimensions(a, b)
        if inputShapes.count > 2, let c = inputShapes[2], try Broadcasting.shape([c, [m, n]], opType) != [m, n] {
            throw EngineError.shapeMismatch(opType, "C \(c) does not broadcast to [\(m), \(n)]")
        }
        return [[m, n]]
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let (m, k, n) = try dimensions(a, b)
        var y = Tensor(shape: [m, n])  // (M, N)
        var beta: Float = 0
        if inputs.count > 2, let c = inputs[2] {
            let shape = try Broadcasting.shape([c.shape, [m, n]], opType)
            guard shape == [m, n] else {
                throw EngineError.shapeMismatch(opType, "C \(c.shape) does not broadcast to [\(m), \(n)]")
            }
            y = c.broadcast(to: [m, n])
            beta = self.beta
        }
        BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a.values, b.values, beta: beta, into: &y.values)
        return ForwardResult(outputs: [y])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        let a = try requireInput(inputs, 0, opType)
        let b = try requireInput(inputs, 1, opType)
        let hasC = inputs.count > 2 && inputs[2] != nil
        guard let dy = outputGradients[0] else { return hasC ? [nil, nil, nil] : [nil, nil] }  // (M, N)
        let (m, k, n) = try dimensions(a, b)
        var da = Tensor(shape: a.shape)
        var db = Tensor(shape: b.shape)
        // dA' = alpha · dY · B'ᵀ (M, K); stored as A's layout (transposed back when transA).
        if transA {
            // dA (K, M) = alpha · B' · dYᵀ
            BLAS.sgemm(transA: transB, transB: true, m: k, n: m, k: n, alpha: alpha, b.values, dy.values, into: &da.values)
        } else {
            BLAS.sgemm(transA: false, transB: !transB, m: m, n: k, k: n, alpha: alpha, dy.values, b.values, into: &da.values)
        }
        // dB' = alpha · A'ᵀ · dY (K, N)
        if transB {
            // dB (N, K) = alpha · dYᵀ · A'
            BLAS.sgemm(transA: true, transB: transA, m: n, n: k, k: m, alpha: alpha, dy.values, a.values, into: &db.values)
        } else {
            BLAS.sgemm(transA: !transA, transB: false, m: k, n: n, k: m, alpha: alpha, a.values, dy.values, into: &db.values)
        }
        guard hasC, let c = inputs[2] else { return [da, db] }
        var dc = dy.summed(toShape: c.shape)
        for index in 0..<dc.count { dc.values[index] *= beta }
        return [da, db, dc]
    }
}
