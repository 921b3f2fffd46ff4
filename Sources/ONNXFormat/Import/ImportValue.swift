import NeuralEngine

/// What the importer knows about one named tensor while it walks the graph.
enum ImportValue: Sendable {
    /// Known now and not trainable: `Constant` outputs, integer initializers, folded shape arithmetic.
    case constant(ONNXTensorValue)
    /// A float initializer: known now, but a trainable parameter, so nothing is folded through it and
    /// gradients reach it.
    case parameter(Tensor)
    /// Computed at run time from the graph's inputs; only its shape is known at import.
    case dynamic(shape: [Int])

    var shape: [Int] {
        switch self {
        case .constant(let value): value.shape
        case .parameter(let tensor): tensor.shape
        case .dynamic(let shape): shape
        }
    }

    /// The value when it is known at import (constants and parameters).
    var known: ONNXTensorValue? {
        switch self {
        case .constant(let value): value
        case .parameter(let tensor): .float(tensor)
        case .dynamic: nil
        }
    }

    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

extension ONNXTensorValue {
    /// The value as float32: integers and bools converted (bools to 0/1).
    var asFloatTensor: Tensor {
        switch self {
        case .float(let tensor):
            return tensor
        case .integer(let shape, let values):
            return Tensor(shape: shape, values: values.map(Float.init)) ?? Tensor(shape: shape)
        case .bool(let shape, let values):
            return Tensor(shape: shape, values: values.map { $0 ? 1 : 0 }) ?? Tensor(shape: shape)
        }
    }

    /// Element count.
    var count: Int { shape.reduce(1, *) }
}
