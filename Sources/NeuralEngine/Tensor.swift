/// A dense float32 tensor: a shape and its values in row-major (C) order.
///
/// Storage is a contiguous `[Float]` of `shape.reduce(1, *)` elements; a rank-0 tensor holds one value.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.values = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` over `values`; nil when the counts disagree.
    public init?(shape: [Int], values: [Float]) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else { return nil }
        self.shape = shape
        self.values = values
    }

    public var rank: Int { shape.count }
    public var count: Int { values.count }

    /// Row-major strides, in elements: the last axis has stride 1.
    public var strides: [Int] { Tensor.rowMajorStrides(shape) }

    /// The value at a multi-index (one index per axis, each in range).
    public subscript(_ index: [Int]) -> Float {
        get { values[offset(of: index)] }
        set { values[offset(of: index)] = newValue }
    }

    func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has rank \(index.count), tensor has rank \(shape.count)")
        return zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
