/// An operator that only relabels the shape: the values pass through in the same row-major order,
/// and the gradient is dY under X's shape.
protocol Reshaping: Operator {
    func outputShape(_ input: [Int]) throws -> [Int]
}

extension Reshaping {
    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        return ForwardResult(outputs: [x.reshaped(try outputShape(x.shape))])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        guard let dy = outputGradients[0] else { return inputs.map { _ in nil } }
        let x = try requireInput(inputs, 0, opType)
        return [dy.reshaped(x.shape)] + inputs.dropFirst().map { _ in nil }
    }
}

/// ONNX `Reshape` with the target shape resolved at import.
///
/// A 0 copies the input's dimension at that position (unless `allowZero`, when it means size 0); one
/// -1 is inferred from the element count.
public struct Reshape: Reshaping {
    public var opType: String { "Reshape" }
    public let shape: [Int]
    public let allowZero: Bool

    public init(shape: [Int], allowZero: Bool = false) {
        self.shape = shape
        self.allowZero = allowZero
    }

    func outputShape(_ input: [Int]) throws -> [Int] {
        var result = try shape.enumerated().map { index, dimension -> Int in
            guard dimension == 0, !allowZero else { return dimension }
            guard index < input.count else {
                throw EngineError.shapeMismatch(opType, "target \(shape) copies axis \(index) but the input has shape \(input)")
            }
            return input[index]
        }
        let count = input.reduce(1, *)
        let inferred = result.indices.filter { result[$0] == -1 }
        guard inferred.count <= 1, result.allSatisfy({ $0 >= -1 }) else {
            throw EngineError.shapeMismatch(opType, "target \(shape) has more than one -1 or a negative size")
        }
        // Target sizes come from the model file: their product may overflow.
        func product(_ sizes: [Int]) throws -> Int {
            try sizes.reduce(1) { total, size in
                let (product, overflow) = total.multipliedReportingOverflow(by: size)
                guard !overflow else { throw EngineError.shapeMismatch(opType, "target \(shape) has too many elements to count") }
                return product
            }
        }
        if let axis = inferred.first {
            let known = try product(result.filter { $0 != -1 })
            guard known > 0, count % known == 0 else {
                throw EngineError.shapeMismatch(opType, "cannot reshape input \(input) to \(shape)")
            }
            result[axis] = count / known
        }
        guard try product(result) == count else {
            throw EngineError.shapeMismatch(opType, "cannot reshape input \(input) (\(count) elements) to \(shape)")
        }
        return result
    }
}

/// ONNX `Flatten`: `(d₀…d_{axis−1}, d_axis…)` → `(Π d₀…d_{axis−1}, Π d_axis…)`; `axis` in `[−r, r]`.
public struct Flatten: Reshaping {
    public var opType: String { "Flatten" }
    public let axis: Int
    public init(axis: Int = 1) { self.axis = axis }

    func outputShape(_ input: [Int]) throws -> [Int] {
        let axis = self.axis < 0 ? self.axis + input.count : self.axis
        guard axis >= 0, axis <= input.count else {
            throw EngineError("\(opType): axis \(self.axis) is out of range for rank \(input.count)")
        }
        return [input[..<axis].reduce(1, *), input[axis...].reduce(1, *)]
    }
}

/// ONNX `Squeeze`: removes the listed axes (each of size 1), or every size-1 axis when `axes` is nil.
public struct Squeeze: Reshaping {
    public var opType: String { "Squeeze" }
    public let axes: [Int]?
    public init(axes: [Int]? = nil) { self.axes = axes }

    func outputShape(_ input: [Int]) throws -> [Int] {
        guard let axes else { return input.filter { $0 != 1 } }
        let removed = Set(try axes.map { try Tensor.normalisedAxis($0, rank: input.count, opType) })
        for axis in removed where input[axis] != 1 {
            throw EngineError.shapeMismatch(opType, "axis \(axis) of input \(input) has size \(input[axis]), not 1")
        }
        return input.indices.filter { !removed.contains($0) }.map { input[$0] }
    }
}

/// ONNX `Unsqueeze`: inserts size-1 axes at `axes`, which index the output (rank + axes.count).
public struct Unsqueeze: Reshaping {
    public var opType: String { "Unsqueeze" }
    public let axes: [Int]
    public init(axes: [Int]) { self.axes = axes }

    func outputShape(_ input: [Int]) throws -> [Int] {
        let rank = input.count + axes.count
        let inserted = Set(try axes.map { try Tensor.normalisedAxis($0, rank: rank, opType) })
        guard inserted.count == axes.count else { throw EngineError("\(opType): repeated axes \(axes)") }
        var remaining = input.makeIterator()
        return (0..<rank).map { inserted.contains($0) ? 1 : remaining.next()! }
    }
}

/// ONNX `Identity`.
public struct Identity: Reshaping {
    public var opType: String { "Identity" }
    public init() {}
    func outputShape(_ input: [Int]) throws -> [Int] { input }
}

/// ONNX `Cast` between float types: the engine holds float32 only, so this is the identity. Casts to
/// integer types occur only in shape computations, which the importer folds.
public struct Cast: Reshaping {
    public var opType: String { "Cast" }
    public init() {}
    func outputShape(_ input: [Int]) throws -> [Int] { input }
}

/// ONNX `Dropout` at inference: Y = X, and the optional mask output is all ones (ONNX's bool mask as
/// float32). Extra inputs (ratio, training_mode) are ignored.
public struct Dropout: Operator {
    public var opType: String { "Dropout" }
    public init() {}

    public func forward(_ inputs: [Tensor?]) throws -> ForwardResult {
        let x = try requireInput(inputs, 0, opType)
        return ForwardResult(outputs: [x, Tensor(shape: x.shape, repeating: 1)])
    }

    public func backward(_ inputs: [Tensor?], forward: ForwardResult, outputGradients: [Tensor?]) throws -> [Tensor?] {
        [outputGradients[0]] + inputs.dropFirst().map { _ in nil }
    }
}
