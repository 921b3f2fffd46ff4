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
        return Tensor(shape, StridedLoop.gather(x.values, shape: shape, strides: perm.map { strides[$0] }))
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
