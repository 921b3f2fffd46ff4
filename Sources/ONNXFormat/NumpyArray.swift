import Foundation
import NeuralEngine

/// An array read from or written to a NumPy `.npy` file: its shape and its elements in C (row-major) order.
///
/// Reads format versions 1.0, 2.0 and 3.0 with the little-endian dtypes `<f4`, `<f8`, `<i8`, `<i4` and
/// `|b1`; Fortran-order arrays, big-endian and other dtypes are refused with a `NumpyFormatError` that names
/// what was found. Writes version 1.0 (2.0 for very long headers), as `numpy.save` does, so numpy reads the
/// files back bit for bit.
public struct NumpyArray: Sendable, Equatable {
    /// The element types this reader understands, by their numpy `descr` string.
    public enum DType: String, Sendable, CaseIterable {
        case float32 = "<f4"
        case float64 = "<f8"
        case int64 = "<i8"
        case int32 = "<i4"
        case bool = "|b1"

        var byteCount: Int {
            switch self {
            case .float32, .int32: 4
            case .float64, .int64: 8
            case .bool: 1
            }
        }
    }

    /// The elements, in C order, in the dtype they were stored with.
    public enum Elements: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int64])
        case int32([Int32])
        case bool([Bool])

        public var dtype: DType {
            switch self {
            case .float32: .float32
            case .float64: .float64
            case .int64: .int64
            case .int32: .int32
            case .bool: .bool
            }
        }

        public var count: Int {
            switch self {
            case .float32(let values): values.count
            case .float64(let values): values.count
            case .int64(let values): values.count
            case .int32(let values): values.count
            case .bool(let values): values.count
            }
        }
    }

    public let shape: [Int]
    public let elements: Elements

    public var dtype: DType { elements.dtype }

    /// An array of `shape` over `elements`; throws when the element count is not the product of `shape`.
    public init(shape: [Int], elements: Elements) throws(NumpyFormatError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == elements.count else {
            throw .shapeMismatch(shape: shape, count: elements.count)
        }
        self.shape = shape
        self.elements = elements
    }

    /// A float32 array holding a tensor's shape and values.
    public init(_ tensor: Tensor) {
        shape = tensor.shape
        elements = .float32(tensor.values)
    }

    /// An int64 array, the dtype ONNX uses for shape tensors and indices.
    public init(integers: [Int], shape: [Int]) throws(NumpyFormatError) {
        try self.init(shape: shape, elements: .int64(integers.map(Int64.init)))
    }

    /// Reads a `.npy` file.
    public init(contentsOf url: URL) throws {
        try self.init(data: Data(contentsOf: url))
    }

    /// Decodes the bytes of a `.npy` file.
    public init(data: Data) throws(NumpyFormatError) {
        let result: Result<NumpyArray, NumpyFormatError> = data.withUnsafeBytes { bytes in
            Result { () throws(NumpyFormatError) -> NumpyArray in try NumpyArray.decode(bytes) }
        }
        self = try result.get()
    }

    /// The values as a float32 tensor.
    ///
    /// A float64 array is rounded to the nearest Float only when `convertingFloat64` is true (values beyond
    /// Float's range become infinities, values below its smallest subnormal become zero); otherwise it is a
    /// `dtypeMismatch`, as is any integer or bool array.
    public func tensor(convertingFloat64: Bool = false) throws(NumpyFormatError) -> Tensor {
        let values: [Float]
        switch elements {
        case .float32(let stored): values = stored
        case .float64(let stored) where convertingFloat64: values = stored.map { Float($0) }
        default: throw .dtypeMismatch(expected: convertingFloat64 ? "float32 or float64" : "float32", actual: dtype.rawValue)
        }
        guard let tensor = Tensor(shape: shape, values: values) else {
            throw .shapeMismatch(shape: shape, count: values.count)
        }
        return tensor
    }

    /// The values of an int64 or int32 array as `Int`s, in C order; other dtypes are a `dtypeMismatch`.
    public func integers() throws(NumpyFormatError) -> [Int] {
        switch elements {
        case .int64(let stored): return stored.map { Int($0) }
        case .int32(let stored): return stored.map { Int($0) }
        default: throw .dtypeMismatch(expected: "int64 or int32", actual: dtype.rawValue)
        }
    }

    /// The bytes of a `.npy` file holding this array.
    public func encoded() -> Data {
        var data = Data(NumpyHeader(descr: dtype.rawValue, fortranOrder: false, shape: shape).encoded())
        data.reserveCapacity(data.count + elements.count * dtype.byteCount)
        switch elements {
        case .float32(let values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case .float64(let values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case .int64(let values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case .int32(let values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case .bool(let values): data.append(contentsOf: values.map { $0 ? UInt8(1) : 0 })
        }
        return data
    }

    /// Writes this array as a `.npy` file, replacing any file at `url`.
    public func write(to url: URL) throws {
        try encoded().write(to: url, options: .atomic)
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer) throws(NumpyFormatError) -> NumpyArray {
        let (header, offset) = try NumpyHeader.parse(bytes)
        guard let dtype = DType(rawValue: header.descr) else { throw .unsupportedDType(header.descr) }
        if header.fortranOrder && header.shape.filter({ $0 > 1 }).count > 1 { throw .fortranOrder }
        let count = header.shape.reduce(1, *)
        let expectedBytes = count * dtype.byteCount
        let payload = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        guard payload.count >= expectedBytes else {
            throw .truncatedData(expectedBytes: expectedBytes, actualBytes: payload.count)
        }
        let elements: Elements
        switch dtype {
        case .float32: elements = .float32(load(Float.self, count: count, from: payload))
        case .float64: elements = .float64(load(Double.self, count: count, from: payload))
        case .int64: elements = .int64(load(Int64.self, count: count, from: payload))
        case .int32: elements = .int32(load(Int32.self, count: count, from: payload))
        case .bool: elements = .bool((0..<count).map { payload[$0] != 0 })
        }
        return try NumpyArray(shape: header.shape, elements: elements)
    }

    /// Copies `count` little-endian values out of possibly unaligned bytes (this reader runs on
    /// little-endian hosts only, like the engine).
    private static func load<Element: BitwiseCopyable>(
        _: Element.Type, count: Int, from payload: UnsafeRawBufferPointer
    ) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: payload[0..<(count * MemoryLayout<Element>.stride)]))
            initialized = count
        }
    }
}
