import Dispatch

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

    /// Runs `body(d)` for each direction slot, both at once on two threads when `concurrently`.
    ///
    /// Used for the per-step loops of a bidirectional layer whose per-step GEMMs are small enough that
    /// OpenBLAS runs them on one thread (`RecurrentGEMM.runsOnOneThread`): the two directions are
    /// independent, so two cores then do twice the work instead of one core waiting on each step.
    /// `body` must touch only memory of its own direction slot (plus shared read-only inputs); that is
    /// what makes handing it to two threads sound, which the compiler cannot check for raw pointers.
    static func forEachDirection(_ count: Int, concurrently: Bool, _ body: (Int) -> Void) {
        if concurrently && count == 2 {
            withoutActuallyEscaping(body) { body in
                let work = DirectionWork(run: body)
                DispatchQueue.concurrentPerform(iterations: 2) { work.run($0) }
            }
        } else {
            for d in 0..<count { body(d) }
        }
    }

    /// A per-direction loop handed to `concurrentPerform`; see `forEachDirection`.
    private struct DirectionWork: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// A scratch buffer of `count` floats, zero-filled, freed by the caller.
    static func scratch(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
        return pointer
    }
}
