/// The header of a `.npy` file: the magic string, the format version and the dictionary literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` that numpy writes.
///
/// See numpy's `numpy/lib/format.py`. Versions 1.0 (2-byte header length), 2.0 and 3.0 (4-byte header
/// length; 3.0 only allows UTF-8 in the header) are read; version 1.0 is written unless the header is
/// longer than 65,535 bytes. Written headers are padded exactly as numpy 1.x/2.x pads them (room for the first
/// axis to grow, then spaces so the data starts at a multiple of 64 bytes), so a written file is byte-identical
/// to `numpy.save`'s.
struct NumpyHeader: Equatable {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the header at the start of `bytes`; returns it and the offset where the array data begins.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(NumpyFormatError) -> (header: NumpyHeader, dataOffset: Int) {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .notNumpyFile }
        let major = bytes[6]
        let lengthFieldSize: Int
        switch major {
        case 1: lengthFieldSize = 2
        case 2, 3: lengthFieldSize = 4
        default: throw .malformedHeader("format version \(major).\(bytes[7]) is not 1.0, 2.0 or 3.0")
        }
        guard bytes.count >= 8 + lengthFieldSize else { throw .malformedHeader("the file ends inside the header length") }
        var headerLength = 0
        for byteIndex in 0..<lengthFieldSize {
            headerLength |= Int(bytes[8 + byteIndex]) << (8 * byteIndex)
        }
        let start = 8 + lengthFieldSize
        guard bytes.count >= start + headerLength else {
            throw .malformedHeader("the header claims \(headerLength) bytes but the file ends after \(bytes.count - start)")
        }
        guard let text = String(validating: bytes[start..<(start + headerLength)], as: UTF8.self) else {
            throw .malformedHeader("the header is not valid UTF-8")
        }
        return (try parseDictionary(text), start + headerLength)
    }

    /// The full header bytes (magic, version, length, padded dictionary) for this array.
    func encoded() -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dictionary = "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        // numpy leaves room to grow the first axis in place (GROWTH_AXIS_MAX_DIGITS = 21); matching it makes the
        // files byte-identical to numpy.save's.
        if let growing = fortranOrder ? shape.last : shape.first {
            dictionary += String(repeating: " ", count: max(0, 21 - String(growing).count))
        }
        var version: UInt8 = 1
        var lengthFieldSize = 2
        // The dictionary, at least one padding space and the newline must fit in a UInt16 for version 1.0.
        if dictionary.utf8.count + 8 + 2 + 64 > Int(UInt16.max) {
            version = 2
            lengthFieldSize = 4
        }
        let unpadded = 8 + lengthFieldSize + dictionary.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        let headerLength = dictionary.utf8.count + padding + 1
        var bytes = NumpyHeader.magic + [version, 0]
        for byteIndex in 0..<lengthFieldSize {
            bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * byteIndex)))
        }
        bytes += Array(dictionary.utf8)
        bytes += [UInt8](repeating: 0x20, count: padding)
        bytes.append(0x0A)
        return bytes
    }

    /// Parses the dictionary literal with the keys `descr`, `fortran_order` and `shape`.
    static func parseDictionary(_ text: String) throws(NumpyFormatError) -> NumpyHeader {
        var scanner = HeaderScanner(text: Array(text.unicodeScalars))
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        try scanner.expect("{", in: text)
        while true {
            scanner.skipWhitespace()
            if scanner.consume("}") { break }
            let key = try scanner.quotedString(in: text)
            try scanner.expect(":", in: text)
            scanner.skipWhitespace()
            switch key {
            case "descr":
                guard scanner.peek == "'" || scanner.peek == "\"" else {
                    throw .unsupportedDType("structured dtype in header \(text)")
                }
                descr = try scanner.quotedString(in: text)
            case "fortran_order":
                fortranOrder = try scanner.boolean(in: text)
            case "shape":
                shape = try scanner.integerTuple(in: text)
            default:
                throw .malformedHeader("unexpected key '\(key)' in \(text)")
            }
            scanner.skipWhitespace()
            if scanner.consume(",") { continue }
            try scanner.expect("}", in: text)
            break
        }
        guard let descr, let fortranOrder, let shape else {
            throw .malformedHeader("missing 'descr', 'fortran_order' or 'shape' in \(text)")
        }
        return NumpyHeader(descr: descr, fortranOrder: fortranOrder, shape: shape)
    }
}

/// A cursor over the header dictionary's characters.
private struct HeaderScanner {
    let text: [Unicode.Scalar]
    var position = 0

    var peek: Unicode.Scalar? { position < text.count ? text[position] : nil }

    mutating func skipWhitespace() {
        while let scalar = peek, scalar.properties.isWhitespace { position += 1 }
    }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        skipWhitespace()
        guard peek == scalar else { return false }
        position += 1
        return true
    }

    mutating func expect(_ scalar: Unicode.Scalar, in header: String) throws(NumpyFormatError) {
        guard consume(scalar) else {
            throw .malformedHeader("expected '\(scalar)' at character \(position) of \(header)")
        }
    }

    mutating func quotedString(in header: String) throws(NumpyFormatError) -> String {
        skipWhitespace()
        guard let quote = peek, quote == "'" || quote == "\"" else {
            throw .malformedHeader("expected a quoted string at character \(position) of \(header)")
        }
        position += 1
        var result = String.UnicodeScalarView()
        while let scalar = peek, scalar != quote {
            result.append(scalar)
            position += 1
        }
        guard peek == quote else { throw .malformedHeader("unterminated string in \(header)") }
        position += 1
        return String(result)
    }

    mutating func boolean(in header: String) throws(NumpyFormatError) -> Bool {
        for (word, value) in [("True", true), ("False", false)] {
            let scalars = Array(word.unicodeScalars)
            if position + scalars.count <= text.count, Array(text[position..<(position + scalars.count)]) == scalars {
                position += scalars.count
                return value
            }
        }
        throw .malformedHeader("expected True or False at character \(position) of \(header)")
    }

    mutating func integerTuple(in header: String) throws(NumpyFormatError) -> [Int] {
        try expect("(", in: header)
        var values: [Int] = []
        while true {
            skipWhitespace()
            if consume(")") { return values }
            var digits = ""
            while let scalar = peek, scalar.properties.numericType != nil || scalar == "L" {
                if scalar != "L" { digits.unicodeScalars.append(scalar) }
                position += 1
            }
            guard let value = Int(digits), value >= 0 else {
                throw .malformedHeader("expected a dimension at character \(position) of \(header)")
            }
            values.append(value)
            skipWhitespace()
            if consume(",") { continue }
            try expect(")", in: header)
            return values
        }
    }
}
