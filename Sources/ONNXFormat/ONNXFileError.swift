/// Why an ONNX file, or one of its tensors, could not be read.
///
/// Every case names the tensor or file concerned and the fact that caused it.
public enum ONNXFileError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a protobuf `ModelProto`.
    case notAModel(reason: String)
    /// A tensor uses an element type that has no engine representation (strings, complex numbers, 8-bit
    /// and smaller floats, 4-bit and 2-bit integers).
    case unsupportedDataType(tensor: String, dataType: Int32)
    /// A tensor's data holds a different number of elements than its dims.
    case elementCountMismatch(tensor: String, dims: [Int], count: Int)
    /// A tensor has a negative dimension.
    case negativeDimension(tensor: String, dims: [Int])
    /// A tensor's dims hold more than `ONNXImporter.maximumTensorElements` elements (or their product
    /// overflows): refused before its data is read.
    case tensorTooLarge(tensor: String, dims: [Int])
    /// A tensor is stored in segments, which this reader does not support.
    case segmentedTensor(tensor: String)
    /// A tensor's external data is described wrongly: no `location`, an absolute path, a path that leaves
    /// the model's directory, a bad offset or length, or no directory to look in.
    case invalidExternalData(tensor: String, reason: String)
    /// The external data file could not be read, or is shorter than the tensor needs.
    case externalDataUnreadable(tensor: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .notAModel(let reason):
            return "not an ONNX model: \(reason)"
        case .unsupportedDataType(let tensor, let dataType):
            let name = ONNXTensorValue.dataTypeName(dataType)
            return "tensor '\(tensor)' has element type \(name) (\(dataType)), which is not supported; supported: "
                + ONNXTensorValue.supportedDataTypeNames.joined(separator: ", ")
        case .elementCountMismatch(let tensor, let dims, let count):
            return "tensor '\(tensor)' has dims \(dims) but its data holds \(count) elements"
        case .negativeDimension(let tensor, let dims):
            return "tensor '\(tensor)' has a negative dimension in \(dims)"
        case .tensorTooLarge(let tensor, let dims):
            return "tensor '\(tensor)' has dims \(dims), more than the \(ONNXImporter.maximumTensorElements) elements one tensor may hold; refused before reading it"
        case .segmentedTensor(let tensor):
            return "tensor '\(tensor)' is stored in segments, which are not supported"
        case .invalidExternalData(let tensor, let reason):
            return "tensor '\(tensor)' has invalid external data: \(reason)"
        case .externalDataUnreadable(let tensor, let path, let reason):
            return "external data '\(path)' of tensor '\(tensor)' cannot be read: \(reason)"
        }
    }
}
