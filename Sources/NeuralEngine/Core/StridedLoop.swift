/// The one index walk behind broadcasting, reductions, transposes, slices and tiles.
///
/// A "strided view" of a row-major buffer is an element offset plus a shape and per-axis strides in
/// elements (0 repeats an axis, negative walks it backwards). Walking the view in row-major order of
/// `shape` visits the output positions 0, 1, 2, … and the matching source offsets.
enum StridedLoop {
    /// Calls `body(position, sourceOffset)` for every element of `shape` in row-major order.
    @inline(__always)
    static func forEach(shape: [Int], strides: [Int], offset: Int = 0, _ body: (Int, Int) -> Void) {
        let rank = shape.count
        if shape.contains(0) { return }
        if rank == 0 {
            body(0, offset)
            return
        }
        let inner = shape[rank - 1]
        let innerStride = strides[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var base = offset
        var position = 0
        while true {
            var source = base
            for _ in 0..<inner {
                body(position, source)
                position += 1
                source += innerStride
            }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                base += strides[axis]
                if index[axis] < shape[axis] { break }
                base -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// The view's elements copied into a new row-major buffer of `shape`.
    static func gather(_ source: [Float], shape: [Int], strides: [Int], offset: Int = 0) -> [Float] {
        var result = [Float].uninitialized(count: shape.reduce(1, *))  // `copy` writes every element
        source.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { result in
                guard let target = result.baseAddress, let source = source.baseAddress else { return }
                forEachOuterBlock(shape: shape, strides: strides, offset: offset) { block, sourceOffset, targetOffset in
                    copy(source, shape: block, strides: strides, offset: sourceOffset, into: target + targetOffset)
                }
            }
        }
        return result
    }

    /// Calls `body(shape, sourceOffset, targetOffset)` for blocks of `shape` along its first axis that
    /// together cover it, on parallel lanes (`ParallelLanes`) when the view is large: the copies behind
    /// transposes and slices are bound by memory traffic, which one core alone cannot saturate.
    static func forEachOuterBlock(
        shape: [Int], strides: [Int], offset: Int, _ body: ([Int], Int, Int) -> Void
    ) {
        let count = shape.reduce(1, *)
        guard let outer = shape.first, outer > 1, count > 0 else {
            body(shape, offset, 0)
            return
        }
        let perRow = count / outer
        ParallelLanes.forEachBlock(outer, minimumPerLane: Swift.max(1, (1 << 17) / perRow)) { rows in
            var block = shape
            block[0] = rows.count
            body(block, offset + rows.lowerBound * strides[0], rows.lowerBound * perRow)
        }
    }

    /// Writes the view's elements to `target` in row-major order of `shape`.
    static func copy(
        _ source: UnsafePointer<Float>, shape: [Int], strides: [Int], offset: Int, into target: UnsafeMutablePointer<Float>
    ) {
        let rank = shape.count
        if rank >= 2, strides[rank - 1] == 1, shape[rank - 1] >= 8 {
            // Contiguous inner runs (e.g. the hidden axis of an LSTM output being transposed): copy each run.
            let inner = shape[rank - 1]
            forEach(shape: Array(shape.dropLast()), strides: Array(strides.dropLast()), offset: offset) { position, sourceOffset in
                (target + position * inner).update(from: source + sourceOffset, count: inner)
            }
            return
        }
        forEach(shape: shape, strides: strides, offset: offset) { position, sourceOffset in
            target[position] = source[sourceOffset]
        }
    }

    /// Adds a row-major buffer of `shape` into the view of `target` (`+=`, so repeated offsets sum):
    /// the adjoint of `gather`.
    static func scatterAdd(_ values: [Float], into target: inout [Float], shape: [Int], strides: [Int], offset: Int = 0) {
        values.withUnsafeBufferPointer { values in
            target.withUnsafeMutableBufferPointer { target in
                forEach(shape: shape, strides: strides, offset: offset) { position, targetOffset in
                    target[targetOffset] += values[position]
                }
            }
        }
    }
}
