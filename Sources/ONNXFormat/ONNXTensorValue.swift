import NeuralEngine

/// The value of an ONNX tensor (an initializer or a `Constant` node's `value`), in the engine's terms.
///
/// Floating-point element types (float, double, float16, bfloat16) become a float32 `Tensor`; double values
/// are rounded to the nearest Float. Integer types of every width become `Int`s (ONNX uses int64 for shapes,
/// axes and indices). Bools stay bools.
public enum ONNXTensorValue: Sendable, Equatable {
    case float(Tensor)
    case integer(shape: [Int], values: [Int])
    case bool(shape: [Int], values: [Bool])

    public var shape: [Int] {
        switch self {
        case .float(let tensor): tensor.shape
        case .integer(let shape, _), .bool(let shape, _): shape
        }
    }

    /// The float tensor, or nil for integer and bool values.
    public var floatTensor: Tensor? {
        if case .float(let tensor) = self { return tensor }
        return nil
    }

    /// The integers, or nil for float and bool values.
    public var integers: [Int]? {
        if case .integer(_, let values) = self { return values }
        return nil
    }

    /// Names of the ONNX element types `ONNXTensorDecoder` reads.
    static let supportedDataTypeNames = [
        "FLOAT", "DOUBLE", "FLOAT16", "BFLOAT16", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32",
        "UINT64", "BOOL",
    ]

    /// The ONNX name of an element type number, e.g. 1 -> FLOAT, 8 -> STRING.
    static func dataTypeName(_ dataType: Int32) -> String {
        guard let known = Onnx_TensorProto.DataType(rawValue: Int(dataType)) else { return "unknown" }
        switch known {
        case .float: return "FLOAT"
        case .uint8: return "UINT8"
        case .int8: return "INT8"
        case .uint16: return "UINT16"
        case .int16: return "INT16"
        case .int32: return "INT32"
        case .int64: return "INT64"
        case .string: return "STRING"
        case .bool: return "BOOL"
        case .float16: return "FLOAT16"
        case .double: return "DOUBLE"
        case .uint32: return "UINT32"
        case .uint64: return "UINT64"
        case .complex64: return "COMPLEX64"
        case .complex128: return "COMPLEX128"
        case .bfloat16: return "BFLOAT16"
        default: return "\(known)".uppercased()
        }
    }
}
