import Foundation
import NeuralEngine

/// Reads the values of an ONNX `TensorProto` from wherever the file put them.
///
/// ONNX stores tensor data in one of: `raw_data` (little-endian fixed-width bytes), a typed repeated field
/// (`float_data` for FLOAT; `int32_data` for INT32, INT16, INT8, UINT16, UINT8, BOOL, and the bit patterns of
/// FLOAT16 and BFLOAT16; `int64_data` for INT64; `double_data` for DOUBLE; `uint64_data` for UINT32 and UINT64),
/// or an external file named by `external_data` (`location`, `offset`, `length`) relative to the model's
/// directory. Conversions: DOUBLE rounds to the nearest Float; FLOAT16 and BFLOAT16 widen exactly.
public enum ONNXTensorDecoder {
    /// The tensor's value. `externalDataDirectory` is the directory of the .onnx file; external data is refused
    /// when it is nil, and so is a `location` that is absolute, climbs out of it with `..` or leads out through
    /// a symbolic link. Dims of more
    /// than `ONNXImporter.maximumTensorElements` elements are refused before any data is read.
    public static func decode(_ proto: Onnx_TensorProto, externalDataDirectory: URL?) throws(ONNXFileError) -> ONNXTensorValue {
        let name = proto.name
        let shape = proto.dims.map { Int($0) }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .negativeDimension(tensor: name, dims: shape) }
        guard !proto.hasSegment else { throw .segmentedTensor(tensor: name) }
        guard let count = ONNXImporter.elementCount(shape) else { throw .tensorTooLarge(tensor: name, dims: shape) }
        guard let dataType = Onnx_TensorProto.DataType(rawValue: Int(proto.dataType)),
              let byteWidth = byteWidth(of: dataType) else {
            throw .unsupportedDataType(tensor: name, dataType: proto.dataType)
        }

        let bytes: Data?
        if proto.dataLocation == .external {
            bytes = try externalBytes(of: proto, byteCount: count * byteWidth, directory: externalDataDirectory)
        } else if proto.hasRawData {
            bytes = proto.rawData
        } else {
            bytes = nil
        }
        if let bytes {
            guard bytes.count == count * byteWidth else {
                throw .elementCountMismatch(tensor: name, dims: shape, count: bytes.count / byteWidth)
            }
            return try value(fromLittleEndian: bytes, dataType: dataType, shape: shape, name: name)
        }
        return try value(fromTypedFieldsOf: proto, dataType: dataType, shape: shape, count: count)
    }

    private static func byteWidth(of dataType: Onnx_TensorProto.DataType) -> Int? {
        switch dataType {
        case .float, .int32, .uint32: 4
        case .double, .int64, .uint64: 8
        case .float16, .bfloat16, .int16, .uint16: 2
        case .int8, .uint8, .bool: 1
        default: nil
        }
    }

    private static func value(
        fromLittleEndian bytes: Data, dataType: Onnx_TensorProto.DataType, shape: [Int], name: String
    ) throws(ONNXFileError) -> ONNXTensorValue {
        switch dataType {
        case .float: return try floatValue(load(Float.self, bytes), shape: shape, name: name)
        case .double: return try floatValue(load(Double.self, bytes).map { Float($0) }, shape: shape, name: name)
        case .float16: return try floatValue(load(UInt16.self, bytes).map(floatFromHalf), shape: shape, name: name)
        case .bfloat16: return try floatValue(load(UInt16.self, bytes).map(floatFromBFloat16), shape: shape, name: name)
        case .int64: return .integer(shape: shape, values: load(Int64.self, bytes).map { Int($0) })
        case .int32: return .integer(shape: shape, values: load(Int32.self, bytes).map { Int($0) })
        case .int16: return .integer(shape: shape, values: load(Int16.self, bytes).map { Int($0) })
        case .int8: return .integer(shape: shape, values: load(Int8.self, bytes).map { Int($0) })
        case .uint64: return .integer(shape: shape, values: load(UInt64.self, bytes).map { Int(truncatingIfNeeded: $0) })
        case .uint32: return .integer(shape: shape, values: load(UInt32.self, bytes).map { Int($0) })
        case .uint16: return .integer(shape: shape, values: load(UInt16.self, bytes).map { Int($0) })
        case .uint8: return .integer(shape: shape, values: bytes.map { Int($0) })
        case .bool: return .bool(shape: shape, values: bytes.map { $0 != 0 })
        default: throw .unsupportedDataType(tensor: name, dataType: Int32(dataType.rawValue))
        }
    }

    private static func value(
        fromTypedFieldsOf proto: Onnx_TensorProto, dataType: Onnx_TensorProto.DataType, shape: [Int], count: Int
    ) throws(ONNXFileError) -> ONNXTensorValue {
        let name = proto.name
        func checked<Element>(_ values: [Element]) throws(ONNXFileError) -> [Element] {
            guard values.count == count else { throw .elementCountMismatch(tensor: name, dims: shape, count: values.count) }
            return values
        }
        switch dataType {
        case .float: return try floatValue(try checked(proto.floatData), shape: shape, name: name)
        case .double: return try floatValue(try checked(proto.doubleData).map { Float($0) }, shape: shape, name: name)
        case .float16:
            return try floatValue(try checked(proto.int32Data).map { floatFromHalf(UInt16(truncatingIfNeeded: $0)) }, shape: shape, name: name)
        case .bfloat16:
            return try floatValue(try checked(proto.int32Data).map { floatFromBFloat16(UInt16(truncatingIfNeeded: $0)) }, shape: shape, name: name)
        case .int64: return .integer(shape: shape, values: try checked(proto.int64Data).map { Int($0) })
        case .int32, .int16, .int8, .uint16, .uint8:
            return .integer(shape: shape, values: try checked(proto.int32Data).map { Int($0) })
        case .uint32, .uint64:
            return .integer(shape: shape, values: try checked(proto.uint64Data).map { Int(truncatingIfNeeded: $0) })
        case .bool: return .bool(shape: shape, values: try checked(proto.int32Data).map { $0 != 0 })
        default: throw .unsupportedDataType(tensor: name, dataType: proto.dataType)
        }
    }

    private static func externalBytes(
        of proto: Onnx_TensorProto, byteCount: Int, directory: URL?
    ) throws(ONNXFileError) -> Data {
        let name = proto.name
        let entries = Dictionary(proto.externalData.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        guard let location = entries["location"], !location.isEmpty else {
            throw .invalidExternalData(tensor: name, reason: "no 'location' entry")
        }
        guard let directory else {
            throw .invalidExternalData(tensor: name, reason: "the model was read from memory, so '\(location)' has no directory")
        }
        let components = location.split(separator: "/", omittingEmptySubsequences: false)
        guard !location.hasPrefix("/"), !location.contains("\\"), !components.contains("..") else {
            throw .invalidExternalData(tensor: name, reason: "location '\(location)' must be a relative path inside the model's directory")
        }
        guard let offset = Int(entries["offset"] ?? "0"), offset >= 0 else {
            throw .invalidExternalData(tensor: name, reason: "offset '\(entries["offset"] ?? "")' is not a non-negative integer")
        }
        if let lengthText = entries["length"] {
            guard let length = Int(lengthText), length == byteCount else {
                throw .invalidExternalData(tensor: name, reason: "length '\(lengthText)' is not the \(byteCount) bytes its dims need")
            }
        }
        let url = directory.appendingPathComponent(location)
        // A symbolic link inside the directory may point out of it; follow links before checking.
        let inside = directory.resolvingSymlinksInPath().standardizedFileURL.path
        guard url.resolvingSymlinksInPath().standardizedFileURL.path.hasPrefix(inside.hasSuffix("/") ? inside : inside + "/") else {
            throw .invalidExternalData(tensor: name, reason: "location '\(location)' leads out of the model's directory through a symbolic link")
        }
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: byteCount) ?? Data()
            guard data.count == byteCount else {
                throw ONNXFileError.externalDataUnreadable(
                    tensor: name, path: location, reason: "needs \(byteCount) bytes at offset \(offset), found \(data.count)")
            }
            return data
        } catch let error as ONNXFileError {
            throw error
        } catch {
            throw .externalDataUnreadable(tensor: name, path: location, reason: "\(error)")
        }
    }

    private static func floatValue(_ values: [Float], shape: [Int], name: String) throws(ONNXFileError) -> ONNXTensorValue {
        guard let tensor = Tensor(shape: shape, values: values) else {
            throw .elementCountMismatch(tensor: name, dims: shape, count: values.count)
        }
        return .float(tensor)
    }

    /// Copies little-endian values out of possibly unaligned bytes (the engine runs on little-endian hosts).
    private static func load<Element: BitwiseCopyable>(_: Element.Type, _ bytes: Data) -> [Element] {
        let count = bytes.count / MemoryLayout<Element>.stride
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[0..<(count * MemoryLayout<Element>.stride)]))
            }
            initialized = count
        }
    }

    /// IEEE 754 binary16 bits to Float, exactly (subnormals, infinities and NaN included).
    static func floatFromHalf(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }

    /// bfloat16 bits (the top half of a float32) to Float, exactly.
    static func floatFromBFloat16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }
}
