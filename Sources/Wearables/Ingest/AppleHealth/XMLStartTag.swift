/// What `XMLTokenizer` reports: a start tag with its attributes, or the name of an end tag. A
/// self-closing tag (`<a/>`) is reported as a start followed by an end.
///
/// Both are views into the tokenizer's reused storage: valid while the handler runs, copied if kept.
enum XMLEvent {
    case startElement(XMLStartTag)
    case endElement(name: ArraySlice<UInt8>)
}

/// A start tag's name and attributes as UTF-8 bytes, attribute values decoded (the five predefined
/// entities and numeric character references; unknown entity references left as written).
///
/// Invalid UTF-8 is kept as bytes and repaired (U+FFFD) only when a value is read as a `String`.
struct XMLStartTag {
    struct Attribute {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// The name, then each attribute's name and value, back to back.
    var bytes: [UInt8] = []
    var name: Range<Int> = 0..<0
    var attributes: [Attribute] = []
    var isSelfClosing = false

    var nameBytes: ArraySlice<UInt8> { bytes[name] }

    /// Whether the tag's name is `literal` (ASCII bytes).
    func hasName(_ literal: [UInt8]) -> Bool {
        bytes[name].equals(literal)
    }

    /// The decoded value of the first attribute named `attribute`, or nil when the tag has none.
    func value(_ attribute: [UInt8]) -> ArraySlice<UInt8>? {
        for candidate in attributes where candidate.name.count == attribute.count {
            if bytes[candidate.name].equals(attribute) { return bytes[candidate.value] }
        }
        return nil
    }

    /// The value as a `String`, invalid UTF-8 replaced by U+FFFD.
    func string(_ attribute: [UInt8]) -> String? {
        value(attribute).map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
        name = 0..<0
        isSelfClosing = false
    }
}
