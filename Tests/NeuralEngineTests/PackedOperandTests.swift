import Testing

@testable import NeuralEngine

/// The packed per-step product against OpenBLAS on the same operands, at sizes that leave partial row
/// blocks (m not a multiple of 8) and partial or odd panel counts (n not a multiple of 32 or 16).
/// Both sum each element over k in float32; the tolerance (1e-5 relative to the largest element)
/// allows for OpenBLAS's different blocking of k.
struct PackedOperandTests {
    @Test(arguments: [(16, 512, 128), (16, 128, 512), (1, 512, 128), (13, 100, 37), (9, 16, 5), (3, 47, 1), (8, 33, 64)])
    func packedProductMatchesOpenBLAS(m: Int, n: Int, k: Int) {
        for transposed in [false, true] {
            let a = randomTensor([m, k + 3], seed: UInt64(m * 1000 + n)).values  // row stride k + 3
            let b = randomTensor(transposed ? [n, k] : [k, n], seed: UInt64(k * 1000 + n)).values
            var expected = [Float](repeating: 0, count: m * (n + 2))
            var actual = [Float](repeating: 7, count: m * (n + 2))  // row stride n + 2; padding must stay 7
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    BLAS.sgemm(
                        transA: false, transB: transposed, m: m, n: n, k: k, a: a.baseAddress!, lda: k + 3,
                        b: b.baseAddress!, ldb: transposed ? k : n, c: &expected, ldc: n + 2)
                    let packed = PackedOperand(b.baseAddress!, k: k, n: n, ldb: transposed ? k : n, transposed: transposed)
                    defer { packed.deallocate() }
                    actual.withUnsafeMutableBufferPointer { c in
                        packed.multiply(m: m, a.baseAddress!, lda: k + 3, into: c.baseAddress!, ldc: n + 2)
                    }
                }
            }
            let scale = expected.map(abs).max() ?? 1
            var worst: Float = 0
            for i in 0..<m {
                for j in 0..<n { worst = max(worst, abs(actual[i * (n + 2) + j] - expected[i * (n + 2) + j])) }
                #expect(actual[i * (n + 2) + n] == 7 && actual[i * (n + 2) + n + 1] == 7, "row \(i) padding overwritten")
            }
            #expect(worst <= 1e-5 * scale, "\(m)×\(n)×\(k) transposed \(transposed): worst \(worst) of scale \(scale)")
        }
    }
}
