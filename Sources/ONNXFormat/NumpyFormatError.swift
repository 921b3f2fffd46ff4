/// Why a `.npy` file could not be read or an array could not be converted.
///
/// Each case carries the fact that caused it, so the message can name it (the dtype found, the header text,
/// both element counts).
public enum NumpyFormatError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with `\x93NUMPY`.
    case notNumpyFile
    /// The header is cut short, has a version other than 1.0, 2.0 or 3.0, or is not the dictionary numpy writes.
    case malformedHeader(String)
    /// The array is stored in Fortran (column-major) order.
    case fortranOrder
    /// The dtype is not one of `<f4`, `<f8`, `<i8`, `<i4`, `|b1`.
    case unsupportedDType(String)
    /// The payload holds fewer bytes than the header's shape and dtype need.
    case truncatedData(expectedBytes: Int, actualBytes: Int)
    /// The array's dtype cannot be converted to what the caller asked for.
    case dtypeMismatch(expected: String, actual: String)
    /// A shape and an element count disagree, or a dimension is negative.
    case shapeMismatch(shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .notNumpyFile:
            return "not a .npy file: it does not start with the \\x93NUMPY magic string"
        case .malformedHeader(let reason):
            return "malformed .npy header: \(reason)"
        case .fortranOrder:
            return "the array is stored in Fortran order; only C order is supported (use numpy.ascontiguousarray)"
        case .unsupportedDType(let descr):
            return "unsupported dtype '\(descr)'; supported: \(NumpyArray.DType.allCases.map(\.rawValue).joined(separator: ", "))"
        case .truncatedData(let expected, let actual):
            return "the array needs \(expected) bytes of data but the file holds \(actual)"
        case .dtypeMismatch(let expected, let actual):
            return "expected a \(expected) array, found dtype '\(actual)'"
        case .shapeMismatch(let shape, let count):
            return "shape \(shape) does not hold \(count) elements"
        }
    }
}
