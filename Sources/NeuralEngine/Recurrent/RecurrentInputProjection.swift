/// The input projection X·Wᵀ of one direction, either all at once before the recurrence or a chunk of
/// steps at a time just before the recurrence reaches them.
///
/// All at once is one SGEMM over every row on all OpenBLAS threads. In chunks, it runs inside the
/// direction's own lane (`ParallelLanes`), so the two directions of a bidirectional layer keep both
/// cores busy from start to end, and each chunk's gate inputs are still in cache when the steps read
/// them. Chunk sizes change only which rows each SGEMM covers, not any row's arithmetic.
struct RecurrentInputProjection {
    let x: UnsafePointer<Float>  // X (rows, I), rows in X's memory order
    let w: UnsafePointer<Float>  // this direction's W (gateWidth, I)
    let geometry: RecurrentGeometry

    /// Steps per chunk: enough rows for an efficient SGEMM, few enough for the chunk's gate inputs
    /// (about 1 MiB) to stay in a core's L2 cache.
    static func chunkSteps(_ geometry: RecurrentGeometry) -> Int {
        Swift.max(1, (1 << 18) / Swift.max(1, geometry.batchSize * geometry.gateWidth))
    }

    /// gates (rows, gateWidth) = X · Wᵀ for every row.
    func projectAll(into gates: UnsafeMutablePointer<Float>) {
        let geo = geometry
        RecurrentGEMM.multiply(
            m: geo.rows, n: geo.gateWidth, k: geo.inputSize, x, lda: geo.inputSize, w, ldb: geo.inputSize,
            transposeB: true, into: gates, ldc: geo.gateWidth, beta: 0)
    }

    /// Called before step `s` of a recurrence over `steps` steps: projects the chunk that starts at `s`,
    /// if one does.
    func prepare(step s: Int, of steps: Int, lengths: [Int], reversed: Bool, into gates: UnsafeMutablePointer<Float>) {
        let chunk = Self.chunkSteps(geometry)
        guard s % chunk == 0 else { return }
        project(steps: s..<Swift.min(s + chunk, steps), lengths: lengths, reversed: reversed, into: gates)
    }

    /// The rows of `steps` (counted in the direction's own order) for every batch entry still running,
    /// written into `gates`. Rows past an entry's length are left as they are.
    func project(steps: Range<Int>, lengths: [Int], reversed: Bool, into gates: UnsafeMutablePointer<Float>) {
        let geo = geometry
        let n = geo.batchSize, i = geo.inputSize, width = geo.gateWidth
        /// The timesteps entry `b` reaches during `steps`, as a range of t.
        func timesteps(_ b: Int) -> Range<Int> {
            let end = Swift.min(steps.upperBound, lengths[b])
            guard steps.lowerBound < end else { return 0..<0 }
            return reversed ? (lengths[b] - end)..<(lengths[b] - steps.lowerBound) : steps.lowerBound..<end
        }
        if geo.layout == .timeMajor, lengths.allSatisfy({ $0 == geo.sequenceLength }) {
            // Every entry covers the same timesteps, whose rows t·N + b are contiguous.
            let t = timesteps(0)
            RecurrentGEMM.multiply(
                m: t.count * n, n: width, k: i, x + t.lowerBound * n * i, lda: i, w, ldb: i, transposeB: true,
                into: gates + t.lowerBound * n * width, ldc: width, beta: 0)
            return
        }
        // One SGEMM per entry over its rows, spaced N rows apart in layout 0 and adjacent in layout 1.
        let spacing = geo.layout == .timeMajor ? n : 1
        for b in 0..<n {
            let t = timesteps(b)
            guard !t.isEmpty else { continue }
            let first = geo.row(t.lowerBound, b)
            RecurrentGEMM.multiply(
                m: t.count, n: width, k: i, x + first * i, lda: spacing * i, w, ldb: i, transposeB: true,
                into: gates + first * width, ldc: spacing * width, beta: 0)
        }
    }
}
