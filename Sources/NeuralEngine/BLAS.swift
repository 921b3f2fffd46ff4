import CBLAS
import Synchronization

/// Thin wrappers over OpenBLAS: single-precision GEMM in row-major order and the thread count.
///
/// All matrices are row-major `[Float]` buffers addressed through unsafe pointers so that callers can
/// multiply blocks inside larger tensors (one batch of a `MatMul`, one group of a `Conv`) without copying.
public enum BLAS {
    /// `C ← alpha · op(A) · op(B) + beta · C`, row-major.
    ///
    /// `op(A)` is `(m, k)`: A is stored `(m, k)` with leading dimension `lda ≥ k` when `transA` is false,
    /// `(k, m)` with `lda ≥ m` when true; likewise `op(B)` is `(k, n)` and C is `(m, n)` with `ldc ≥ n`.
    /// With `beta = 1` the product accumulates into C, which the backward passes use for `+=`.
    @inlinable
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty inner dimension: the product is zero, only the beta scaling applies.
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// `C ← alpha · op(A) · op(B) + beta · C` over whole arrays with tight leading dimensions.
    ///
    /// A holds `op(A)` `(m, k)` (stored transposed when `transA`), B holds `op(B)` `(k, n)`, C is `(m, n)`.
    public static func sgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, _ a: [Float], _ b: [Float], beta: Float = 0, into c: inout [Float]
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "sgemm: buffers too small")
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    sgemm(
                        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                        a: a.baseAddress!, lda: transA ? m : k, b: b.baseAddress!, ldb: transB ? k : n,
                        beta: beta, c: c.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// The number of threads OpenBLAS uses for each call (its default is the number of cores, or
    /// `OPENBLAS_NUM_THREADS`).
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// The CPU kernel family OpenBLAS selected at load time (e.g. `SkylakeX`, `Haswell`). A generic
    /// family such as `Prescott` on a modern CPU means OpenBLAS did not recognise it and runs several
    /// times slower; `OPENBLAS_CORETYPE` in the environment (read when the library loads) overrides it.
    public static var coreName: String {
        String(cString: openblas_get_corename())
    }

    /// Sets the number of OpenBLAS threads for subsequent calls (process-wide; values below 1 become 1).
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}

extension BLAS {
    /// Callers inside `withSingleThreadedCalls`, and the thread count to restore when the last leaves.
    private static let singleThreadedSections = Mutex<(depth: Int, restore: Int)>((0, 1))

    /// Runs `body` with OpenBLAS limited to one thread per call, restoring the previous count afterwards.
    ///
    /// For code that runs its own threads, each making many small BLAS calls (the two directions of a
    /// recurrent layer): OpenBLAS 0.3.21 has no per-call thread count, and a threaded SGEMM per step
    /// costs a hand-off to its worker threads (tens of µs, milliseconds on a loaded machine) and
    /// serialises concurrent callers. The limit is process-wide; nested and concurrent sections are
    /// counted so that the count set before the first one is what the last one restores.
    public static func withSingleThreadedCalls<R>(_ body: () throws -> R) rethrows -> R {
        singleThreadedSections.withLock { state in
            if state.depth == 0 {
                state.restore = threadCount
                if state.restore != 1 { openblas_set_num_threads(1) }
            }
            state.depth += 1
        }
        defer {
            singleThreadedSections.withLock { state in
                state.depth -= 1
                if state.depth == 0, state.restore != 1 { openblas_set_num_threads(Int32(state.restore)) }
            }
        }
        return try body()
    }
}
