/// Convenience constructors used by the operators, the executor and callers building seeds.
extension Tensor {
    /// A tensor over `values`, which must fill `shape` (a programming error otherwise).
    init(_ shape: [Int], _ values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "\(values.count) values do not fill shape \(shape)")
        self.init(shape: shape, values: values)!
    }

    /// A tensor of `shape` whose values are whatever the memory held: for outputs that are written
    /// whole before they are read (by an SGEMM with beta 0, which stores zeros itself, or a gather),
    /// where zero-filling first would only add a pass over the memory.
    static func uninitialized(_ shape: [Int]) -> Tensor {
        Tensor(shape, .uninitialized(count: shape.reduce(1, *)))
    }

    /// A rank-0 tensor holding `value`.
    public static func scalar(_ value: Float) -> Tensor {
        Tensor([], [value])
    }

    /// Zeros of `shape` with a 1 at the multi-index `index`: the seed that picks one output element.
    public static func oneHot(shape: [Int], index: [Int]) -> Tensor {
        var tensor = Tensor(shape: shape)
        tensor[index] = 1
        return tensor
    }

    /// Zeros of `shape` `(N, …)` with a 1 at `[n] + indexInRow` for every batch row n.
    ///
    /// Seeding a backward pass with this gives, for each row n, the gradient of `output[n, indexInRow…]`
    /// with respect to row n of every input whose rows are independent (as the batch rows of a
    /// sequence model are). Parameter gradients are then the sum over rows.
    public static func oneHotPerBatchRow(shape: [Int], indexInRow: [Int]) -> Tensor {
        precondition(indexInRow.count == shape.count - 1, "index \(indexInRow) needs rank \(shape.count - 1)")
        var tensor = Tensor(shape: shape)
        for row in 0..<(shape.first ?? 0) { tensor[[row] + indexInRow] = 1 }
        return tensor
    }

    /// The same values under another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(newShape, values)
    }

    /// Normalises a possibly negative axis against `rank` (ONNX: `axis < 0` counts from the end).
    static func normalisedAxis(_ axis: Int, rank: Int, _ opType: String) throws -> Int {
        let normalised = axis < 0 ? axis + rank : axis
        guard normalised >= 0, normalised < rank else {
            throw EngineError("\(opType): axis \(axis) is out of range for rank \(rank)")
        }
        return normalised
    }
}

extension Array where Element == Float {
    /// `count` floats left as the memory held them; every one must be written before it is read.
    static func uninitialized(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
