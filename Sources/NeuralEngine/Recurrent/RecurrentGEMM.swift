import CBLAS
import CKernels

/// The BLAS calls the recurrent kernels make over many steps at once (all of them, or a chunk), on raw
/// row-major buffers.
///
/// Speed depends on OpenBLAS picking the right kernels: Debian's OpenBLAS 0.3.21 does not recognise
/// this machine's virtual "Intel Xeon Processor" and falls back to its SSE3 `Prescott` kernels, 3–5×
/// slower on these shapes than with `OPENBLAS_CORETYPE=SkylakeX` in the environment (read once, when
/// the library loads).
enum RecurrentGEMM {
    /// C (m × n, row stride ldc) = alpha · op(A) · op(B) + beta · C, row-major, where op(A) is m × k
    /// and op(B) is k × n. Accumulates in float32 in OpenBLAS's order (blocked, FMA where available).
    @inline(__always)
    static func multiply(
        m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta != 1 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } } }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// y (n) = alpha · (column sums of A, m × n with row stride lda) + beta · y.
    @inline(__always)
    static func columnSums(
        m: Int, n: Int, _ a: UnsafePointer<Float>, lda: Int, ones: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, beta: Float
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemv(CblasRowMajor, CblasTrans, blasint(m), blasint(n), 1, a, blasint(lda), ones, 1, beta, y, 1)
    }
}

/// A fixed right-hand operand of the per-step products (R or Rᵀ), packed once per pass for the
/// `CKernels` product: OpenBLAS would repack it on every step, which at these sizes costs as much as the
/// arithmetic (16 × 128 by 128 × 512: 31 µs per OpenBLAS call against 14 µs packed, on AVX-512).
/// Freed by the caller.
struct PackedOperand {
    let k: Int
    let n: Int
    private let panels: UnsafeMutablePointer<Float>

    /// Packs B (`k` × `n`, row stride `ldb`), or with `transposed` the transpose of B stored `n` × `k`.
    init(_ b: UnsafePointer<Float>, k: Int, n: Int, ldb: Int, transposed: Bool) {
        self.k = k
        self.n = n
        panels = RecurrentBuffers.scratch(auscult_packed_count(k, n))
        auscult_pack(b, k, n, ldb, transposed ? 1 : 0, panels)
    }

    /// C (`m` × n, row stride `ldc`) = A (`m` × k, row stride `lda`) · B.
    @inline(__always)
    func multiply(m: Int, _ a: UnsafePointer<Float>, lda: Int, into c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        auscult_gemm_packed(m, n, k, a, lda, panels, c, ldc)
    }

    func deallocate() { panels.deallocate() }
}
