/// Numpy/ONNX multidirectional broadcasting and its adjoint, the sum over broadcast axes.
///
/// Shapes are aligned at their last axis; each pair of dimensions must be equal or one of them 1.
enum Broadcasting {
    /// The broadcast shape of several shapes, or an error naming the operator and the shapes.
    static func shape(_ shapes: [[Int]], _ opType: String) throws -> [Int] {
        let rank = shapes.map(\.count).max() ?? 0
        var result = [Int](repeating: 1, count: rank)
        for shape in shapes {
            let lead = rank - shape.count
            for (axis, dimension) in shape.enumerated() {
                let current = result[lead + axis]
                if dimension == current || dimension == 1 { continue }
                guard current == 1 else {
                    throw EngineError.shapeMismatch(
                        opType, "shapes \(shapes.map { "\($0)" }.joined(separator: " and ")) do not broadcast")
                }
                result[lead + axis] = dimension
            }
        }
        return result
    }

    /// Strides that read a tensor of `shape` as if it had `target` shape (0 on broadcast axes).
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        let lead = target.count - shape.count
        let own = Tensor.rowMajorStrides(shape)
        return target.indices.map { axis in
            let sourceAxis = axis - lead
            guard sourceAxis >= 0, shape[sourceAxis] != 1 else { return 0 }
            return own[sourceAxis]
        }
    }
}

extension Tensor {
    /// Row-major strides for an arbitrary shape.
    static func rowMajorStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// This tensor materialised at a broadcast-compatible `target` shape (no copy if already there).
    func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let values = StridedLoop.gather(values, shape: target, strides: Broadcasting.strides(of: shape, broadcastTo: target))
        return Tensor(target, values)
    }

    /// The adjoint of `broadcast(to:)`: sums a gradient of broadcast shape back to `shape`.
    func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        var result = [Float](repeating: 0, count: target.reduce(1, *))
        StridedLoop.scatterAdd(values, into: &result, shape: shape, strides: Broadcasting.strides(of: target, broadcastTo: shape))
        return Tensor(target, result)
    }
}
