import Foundation

/// A push-based XML tokenizer for large exports: feed it chunks of bytes as they arrive and it reports
/// start and end tags to a handler; nothing else of the document is reported.
///
/// It skips the XML declaration, processing instructions, comments, CDATA sections, text and the whole
/// DOCTYPE. Real Apple Health exports since iOS 16 carry a malformed internal DTD (an `<!ATTLIST` without
/// its `>`), so the DOCTYPE ends at the first `]>` after its `[` (or its `>` when it has no internal
/// subset), or just before the first `<HealthData` tag, whichever comes first; an internal subset
/// holding a comment or quoted value with `]>` inside ends early, which only makes the rest of the DTD
/// skipped as unknown markup. No entity other than the five predefined ones and numeric character
/// references is ever expanded, so entity bombs and external entities have no effect: their references
/// are left as written and counted in `unknownEntityReferences`.
///
/// Attribute values are normalised the way XML does (tab, CR, LF become spaces); other control
/// characters become U+FFFD and are counted in `replacedControlCharacters`. It does not check
/// well-formedness (tag nesting, duplicate attributes, names) and does not decode encodings other than
/// UTF-8 and ASCII.
///
/// Memory is bounded by the chunk plus one piece of markup: a tag (or a lookahead inside the DOCTYPE)
/// longer than `maximumMarkupBytes` throws `Failure.markupTooLong`; comments, CDATA and the DOCTYPE are
/// skipped without being held.
struct XMLTokenizer {
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// A tag longer than the cap starts at byte `offset`.
        case markupTooLong(limit: Int, offset: Int64)
        /// The input ended inside a tag, comment, CDATA section, processing instruction or the DOCTYPE.
        case unexpectedEnd(inside: String)

        var description: String {
            switch self {
            case .markupTooLong(let limit, let offset): "a tag at byte \(offset) is longer than \(limit) bytes"
            case .unexpectedEnd(let construct): "the XML ends inside \(construct) (truncated?)"
            }
        }
    }

    let maximumMarkupBytes: Int
    /// References to entities other than `lt`, `gt`, `amp`, `apos`, `quot` and `&#…;`, and bare `&`s.
    var unknownEntityReferences = 0
    var replacedControlCharacters = 0
    /// Bytes fed so far that the tokenizer is done with.
    private(set) var bytesConsumed: Int64 = 0
    /// Bytes fed so far.
    private(set) var bytesFed: Int64 = 0

    /// Bytes from the start of an unfinished construct (or a lookahead) to the end of the input so far.
    private var pending: [UInt8] = []
    var skipping: Skipping?
    var tag = XMLStartTag()
    var endName: [UInt8] = []
    /// Where the search for the `>` of the unfinished tag at the start of `pending` resumes, and the
    /// quote it is inside (0 for none).
    var resumeTagEnd = 0
    var resumeQuote: UInt8 = 0

    init(maximumMarkupBytes: Int = 1 << 20) {
        self.maximumMarkupBytes = maximumMarkupBytes
    }

    /// Tokenizes `chunk`, the next bytes of the document, reporting every tag it completes.
    mutating func feed(_ chunk: Data, _ handle: (XMLEvent) throws -> Void) throws {
        bytesFed += Int64(chunk.count)
        var buffer = pending
        pending = []
        chunk.withUnsafeBytes { buffer.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        try process(&buffer, atEnd: false, handle)
        guard buffer.count <= maximumMarkupBytes else {
            throw Failure.markupTooLong(limit: maximumMarkupBytes, offset: bytesConsumed)
        }
        pending = buffer
    }

    /// Ends the document; throws `unexpectedEnd` when it stops inside markup.
    mutating func finish(_ handle: (XMLEvent) throws -> Void) throws {
        var buffer = pending
        pending = []
        try process(&buffer, atEnd: true, handle)
        if let skipping { throw Failure.unexpectedEnd(inside: skipping.construct) }
        if !buffer.isEmpty { throw Failure.unexpectedEnd(inside: "a tag") }
    }

    private mutating func process(_ buffer: inout [UInt8], atEnd: Bool, _ handle: (XMLEvent) throws -> Void) throws {
        let consumed = try buffer.withUnsafeBufferPointer { try scan($0, atEnd: atEnd, handle) }
        buffer.removeSubrange(0..<consumed)
        bytesConsumed += Int64(consumed)
    }

    /// Reports every construct complete in `bytes`; returns how many bytes are done with.
    private mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool, _ handle: (XMLEvent) throws -> Void
    ) throws -> Int {
        var position = 0
        let count = bytes.count
        while position < count {
            if let skipping {
                switch skip(skipping, in: bytes, from: position, atEnd: atEnd) {
                case .finished(let next):
                    self.skipping = nil
                    position = next
                case .needsMore(let state, let keep):
                    self.skipping = state
                    return keep
                }
                continue
            }
            guard let open = Self.index(of: UInt8(ascii: "<"), in: bytes, from: position) else { return count }
            position = open
            guard open + 1 < count else { return open }
            switch bytes[open + 1] {
            case UInt8(ascii: "/"):
                guard let close = Self.index(of: UInt8(ascii: ">"), in: bytes, from: open + 2) else { return open }
                var end = open + 2
                while end < close, !Self.isSpace(bytes[end]) { end += 1 }
                endName.removeAll(keepingCapacity: true)
                endName.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(open + 2)..<end]))
                try handle(.endElement(name: endName[...]))
                position = close + 1
            case UInt8(ascii: "?"):
                skipping = .until(Skipping.processingInstructionEnd, construct: "a processing instruction")
                position = open + 2
            case UInt8(ascii: "!"):
                guard let (state, length) = Self.declaration(in: bytes, at: open, atEnd: atEnd) else { return open }
                skipping = state
                position = open + length
            default:
                guard let close = tagEnd(in: bytes, from: open) else { return open }
                try parseStartTag(in: bytes, from: open + 1, to: close)
                try handle(.startElement(tag))
                if tag.isSelfClosing {
                    endName.removeAll(keepingCapacity: true)
                    endName.append(contentsOf: tag.nameBytes)
                    try handle(.endElement(name: endName[...]))
                }
                position = close + 1
            }
        }
        return position
    }

    /// The `>` ending the start tag at `open`, outside quoted values; nil when it is not in `bytes` yet.
    private mutating func tagEnd(in bytes: UnsafeBufferPointer<UInt8>, from open: Int) -> Int? {
        var position = open == 0 && resumeTagEnd > 0 ? resumeTagEnd : open + 1
        var quote: UInt8 = open == 0 ? resumeQuote : 0
        (resumeTagEnd, resumeQuote) = (0, 0)
        while position < bytes.count {
            if quote != 0 {
                guard let close = Self.index(of: quote, in: bytes, from: position) else { break }
                quote = 0
                position = close + 1
                continue
            }
            switch bytes[position] {
            case UInt8(ascii: ">"): return position
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = bytes[position]
            default: break
            }
            position += 1
        }
        // Only a tag at the start of the kept bytes is resumed: the bytes before it are dropped.
        (resumeTagEnd, resumeQuote) = (bytes.count - open, quote)
        return nil
    }

    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}
