/// Buffer plumbing shared by the recurrent operators.
enum RecurrentBuffers {
    /// A float array of `count` elements, zero-filled only when `zeroed` (otherwise every element must
    /// be written before it is read).
    static func make(_ count: Int, zeroed: Bool) -> [Float] {
        if zeroed { return [Float](repeating: 0, count: count) }
        return [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    /// Calls `body` with the base address of each tensor's values, nil for absent or empty tensors.
    static func withBaseAddresses<R>(
        _ tensors: [Tensor?], _ body: ([UnsafePointer<Float>?]) throws -> R
    ) throws -> R {
        func nest(_ index: Int, _ collected: [UnsafePointer<Float>?]) throws -> R {
            if index == tensors.count { return try body(collected) }
            guard let tensor = tensors[index], tensor.count > 0 else { return try nest(index + 1, collected + [nil]) }
            return try tensor.values.withUnsafeBufferPointer { try nest(index + 1, collected + [$0.baseAddress]) }
        }
        return try nest(0, [])
    }

    /// The buffer's start, or nil when it is empty (an empty array's base address may be a shared
    /// sentinel that must never be written).
    static func start(_ buffer: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float>? {
        buffer.isEmpty ? nil : buffer.baseAddress
    }

    /// Runs `body(d)` for each direction slot, both at once on two lanes (`ParallelLanes`) when
    /// `concurrently` (`concurrentDirections` says when).
    ///
    /// Used for the per-step loops of a bidirectional layer: the two directions are independent, so two
    /// cores each run one recurrence instead of handing every small per-step GEMM to OpenBLAS's threads.
    /// `body` must touch only memory of its own direction slot (plus shared read-only inputs).
    static func forEachDirection(_ count: Int, concurrently: Bool, _ body: (Int) -> Void) {
        if concurrently && count == 2 {
            ParallelLanes.run(2, body)
        } else {
            for d in 0..<count { body(d) }
        }
    }

    /// The backward schedule of a recurrent layer: with `concurrently`, every direction's backpropagation
    /// through time at once and then the weight-gradient products (which share dX); otherwise direction
    /// by direction, each backpropagation followed by its products.
    static func backwardByDirection(
        _ count: Int, concurrently: Bool, backpropagate: (Int) -> Void, accumulate: (Int) -> Void
    ) {
        if concurrently {
            forEachDirection(count, concurrently: true, backpropagate)
            for d in 0..<count { accumulate(d) }
        } else {
            for d in 0..<count {
                backpropagate(d)
                accumulate(d)
            }
        }
    }

    /// Whether a layer of `directions` runs them on two threads: bidirectional, with OpenBLAS allowed
    /// more than one thread (`--threads 1` keeps the whole engine on one core). The two directions'
    /// arithmetic is the same either way, so results do not depend on it.
    static func concurrentDirections(_ directions: Int) -> Bool {
        directions == 2 && BLAS.threadCount > 1
    }

    /// Replaces values of magnitude below `Float.leastNormalMagnitude` (≈ 1.2e-38, the subnormals) by 0.
    ///
    /// Used on the gradients carried backwards through time, which decay geometrically: once they
    /// reach the subnormal range every multiply on them takes a microcode assist on x86 (~100× slower),
    /// for values that are below float32's normal precision anyway. Flushing them keeps a 4,096-step
    /// backward pass from slowing down where the gradient has died out; it changes nothing
    /// a comparison at float32 precision can see (values under 1.2e-38 become exactly 0).
    @inline(__always)
    static func flushSubnormals(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for j in 0..<count { x[j] = Swift.abs(x[j]) < Float.leastNormalMagnitude ? 0 : x[j] }  // a select: vectorises
    }

    /// A scratch buffer of `count` floats, zero-filled, freed by the caller.
    static func scratch(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
        return pointer
    }
}
