/// ONNX `Transpose`: `Y.shape[i] = X.shape[perm[i]]`; `perm` defaults to reversing the axes and may
/// hold negative axes. Backward transposes dY by the inverse permutation.
public struct Transpose: Operator {
    public var opType: String { "Transpose" }
    public let perm: [Int]?
    public init(perm: [Int]? = nil) { self.perm = perm }

    private func resolved(_ rank: Int) throws -> [Int] {
        let perm = try (self.perm ?? Array((0..<rank).reversed())).map { try Tensor.normalisedAxis($0, rank: rank, opType) }
        guard perm.count == rank, Set(perm).count == rank else {
            throw EngineError.shapeMismatch(opType, "perm \(self.perm ?? []) is not a permutation of \(rank) axes")
        }
        return perm
    }

    static func permute(_ x: Tensor, _ perm: [Int]) -> Tensor {
        let strides = x.strides
        let shape = perm.map { x.shape[$0] }
        let sourceStrides = perm.map { strides[$0] }
        var result = [Float].uninitialized(count: shape.reduce(1, *))  // every element is copied
        x.values.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { result in
                guard let target = result.baseAddress, let source = source.baseAddress else { return }
                StridedLoop.forEachOuterBlock(shape: shape, strides: sourceStrides, offset: 0) { block, sourceOffset, targetOffset in
                    let source = source + sourceOffset, target = target + targetOffset
                    if !tiledCopy(source, shape: block, sourceStrides: sourceStrides, into: target) {
                        StridedLoop.copy(source, shape: block, strides: sourceStrides, offset: 0, into: target)
                    }
                }
            }
        }
        return Tensor(shape, result)
    }

    /// The same copy as `StridedLoop.copy`, in 32 × 32 tiles, for permutations that move the source's
    /// contiguous axis away from the end (e.g. `(N, C, T) → (T, N, C)`); false (nothing written) for
    /// any other.
    ///
    /// A plain row-major walk of the output then reads the source with a large stride, touching a new
    /// cache line per element; tiles keep both sides' lines in cache.
    static func tiledCopy(
        _ src: UnsafePointer<Float>, shape: [Int], sourceStrides: [Int], into dst: UnsafeMutablePointer<Float>
    ) -> Bool {
        let rank = shape.count, last = rank - 1
        guard rank >= 2, let a = sourceStrides.indices.first(where: { sourceStrides[$0] == 1 && shape[$0] > 1 }),
              a != last, shape[a] >= 8, shape[last] >= 8, !shape.contains(0) else { return false }
        var outStrides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { outStrides[axis] = outStrides[axis + 1] * shape[axis + 1] }
        let outer = (0..<rank).filter { $0 != a && $0 != last }
        let rows = shape[a], columns = shape[last], rowStride = outStrides[a], columnStride = sourceStrides[last]
        let tile = 32
        var index = [Int](repeating: 0, count: outer.count)
        var sourceBase = 0, outBase = 0
        while true {
            for i0 in stride(from: 0, to: rows, by: tile) {
                for j0 in stride(from: 0, to: columns, by: tile) {
                    for i in i0..<Swift.min(i0 + tile, rows) {
                        let out = dst + outBase + i * rowStride
                        let input = src + sourceBase + i
                        for j in j0..<Swift.min(j0 + tile, columns) { out[j] = input[j * columnStride] }
                    }
                }
            }
            var k = outer.count - 1
            while k >= 0 {
                let axis = outer[k]
                index[k] += 1
                sourceBase += sourceStrides[axis]
                outBase += outStrides[axis]
                if index[k] < shape[axis] { break }
                sourceBase -= sourceStrides[axis] * shape[axis]
                outBase -= outStrides[axis] * shape[axis]
                index[k] = 0
                k -= 1
            }
            if k < 0 { return true }
        }
    }

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        return ForwardResult(outputs: [Self.permute(x, try resolved(x.rank))])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return [nil] }
        let perm = try resolved(dy.rank)
        var inverse = perm
        for (index, axis) in perm.enumerated() { inverse[axis] = index }
        return [Self.permute(dy, inverse)]
    }
}
