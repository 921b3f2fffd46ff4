/// Reading a start tag's name and attributes into `tag`, decoding attribute values.
extension XMLTokenizer {
    /// Parses the tag between `<` (exclusive, at `start - 1`) and `>` (at `end`). Malformed attributes are
    /// read leniently: a name without `=` gets an empty value, an unquoted value runs to the next space.
    mutating func parseStartTag(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws {
        tag.removeAll()
        var position = start
        while position < end, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: "/") { position += 1 }
        tag.name = append(bytes, start..<position)
        tag.isSelfClosing = end > start && bytes[end - 1] == UInt8(ascii: "/")
        while position < end {
            let byte = bytes[position]
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") {
                position += 1
                continue
            }
            let nameStart = position
            while position < end {
                let byte = bytes[position]
                if Self.isSpace(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "/") { break }
                position += 1
            }
            let name = append(bytes, nameStart..<position)
            while position < end, Self.isSpace(bytes[position]) { position += 1 }
            var value = tag.bytes.count..<tag.bytes.count
            if position < end, bytes[position] == UInt8(ascii: "=") {
                position += 1
                while position < end, Self.isSpace(bytes[position]) { position += 1 }
                let quote = position < end ? bytes[position] : 0
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let close = Self.index(of: quote, in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: position + 1) ?? end
                    value = appendDecoded(bytes, (position + 1)..<close)
                    position = close + 1
                } else {
                    let valueStart = position
                    while position < end, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: "/") {
                        position += 1
                    }
                    value = appendDecoded(bytes, valueStart..<position)
                }
            }
            tag.attributes.append(XMLStartTag.Attribute(name: name, value: value))
        }
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        let first = tag.bytes.count
        tag.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        return first..<tag.bytes.count
    }

    /// Appends an attribute value, decoding references and normalising control characters.
    private mutating func appendDecoded(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var runEnd = Self.firstSpecialByte(in: bytes, range)
        if runEnd == range.upperBound { return append(bytes, range) }
        let first = tag.bytes.count
        var position = range.lowerBound
        while position < range.upperBound {
            if runEnd < position { runEnd = Self.firstSpecialByte(in: bytes, position..<range.upperBound) }
            if runEnd > position {
                tag.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<runEnd]))
                position = runEnd
                continue
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "&") {
                position = appendReference(bytes, at: position, before: range.upperBound)
                continue
            }
            if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                tag.bytes.append(0x20)
            } else {
                replacedControlCharacters += 1
                tag.bytes.append(contentsOf: Self.replacementCharacter)
            }
            position += 1
        }
        return first..<tag.bytes.count
    }

    /// The first `&` or control character (below 0x20) in `range`, else its end; eight bytes at a time.
    private static func firstSpecialByte(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var position = range.lowerBound
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while position + 8 <= range.upperBound {
                let word = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
                let ampersands = word ^ (ones &* 0x26)
                // A byte is flagged when it is zero after the xor (an `&`) or below 0x20 (high bit clear).
                let found = ((ampersands &- ones) & ~ampersands | (word &- ones &* 0x20) & ~word) & highBits
                if found != 0 { break }
                position += 8
            }
        }
        while position < range.upperBound, bytes[position] >= 0x20, bytes[position] != UInt8(ascii: "&") {
            position += 1
        }
        return position
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
    /// Longest entity name looked at; a `&` with no `;` within it is kept as a literal `&`.
    private static let maximumReferenceLength = 32

    /// Decodes the reference starting with the `&` at `start`; returns the position after it.
    private mutating func appendReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, before end: Int) -> Int {
        let limit = min(end, start + Self.maximumReferenceLength)
        guard let semicolon = Self.index(of: UInt8(ascii: ";"), in: UnsafeBufferPointer(rebasing: bytes[..<limit]), from: start + 1)
        else {
            unknownEntityReferences += 1
            tag.bytes.append(UInt8(ascii: "&"))
            return start + 1
        }
        let name = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<semicolon])
        if let byte = Self.predefinedEntity(name) {
            tag.bytes.append(byte)
        } else if name.first == UInt8(ascii: "#"), let scalar = Self.characterReference(name.dropFirst()) {
            if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" {
                replacedControlCharacters += 1
                tag.bytes.append(contentsOf: Self.replacementCharacter)
            } else {
                UTF8.encode(scalar) { tag.bytes.append($0) }
            }
        } else if name.first == UInt8(ascii: "#") {
            replacedControlCharacters += 1
            tag.bytes.append(contentsOf: Self.replacementCharacter)
        } else {
            unknownEntityReferences += 1
            tag.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...semicolon]))
        }
        return semicolon + 1
    }

    private static func predefinedEntity(_ name: UnsafeBufferPointer<UInt8>) -> UInt8? {
        func matches(_ literal: StaticString) -> Bool {
            literal.utf8CodeUnitCount == name.count
                && (0..<name.count).allSatisfy { literal.utf8Start[$0] == name[$0] }
        }
        if matches("lt") { return UInt8(ascii: "<") }
        if matches("gt") { return UInt8(ascii: ">") }
        if matches("amp") { return UInt8(ascii: "&") }
        if matches("quot") { return UInt8(ascii: "\"") }
        if matches("apos") { return UInt8(ascii: "'") }
        return nil
    }

    /// The scalar of `123` or `x7B` (the text after `&#`); nil when it names no Unicode scalar.
    private static func characterReference(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        var digits = digits
        var radix: UInt32 = 10
        if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = hexDigit(byte), digit < radix else { return nil }
            value = value * radix + digit
        }
        return value == 0 ? nil : Unicode.Scalar(value)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
