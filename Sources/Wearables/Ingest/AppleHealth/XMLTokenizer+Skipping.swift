/// Skipping the markup `XMLTokenizer` does not report: processing instructions, comments, CDATA,
/// declarations and the DOCTYPE.
extension XMLTokenizer {
    /// A construct being skipped, with what is needed to resume in the next chunk.
    enum Skipping: Equatable {
        /// Up to and including `terminator`.
        case until([UInt8], construct: String)
        /// The DOCTYPE: `inSubset` once its `[` is passed; `quote` is the quote open in its header (0 if none).
        case doctype(inSubset: Bool, quote: UInt8)

        static let processingInstructionEnd = Array("?>".utf8)
        static let commentEnd = Array("-->".utf8)
        static let cdataEnd = Array("]]>".utf8)
        static let declarationEnd = Array(">".utf8)

        var construct: String {
            switch self {
            case .until(_, let construct): construct
            case .doctype: "the DOCTYPE"
            }
        }
    }

    enum SkipResult {
        /// The construct ends before `next`.
        case finished(next: Int)
        /// The bytes from `keep` on must be fed again with the next chunk, in `state`.
        case needsMore(state: Skipping, keep: Int)
    }

    private static let commentStart = Array("<!--".utf8)
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let doctypeStart = Array("<!DOCTYPE".utf8)
    private static let healthDataStart = Array("<HealthData".utf8)

    /// What the `<!` at `open` starts, and its opening's length; nil when more bytes are needed to tell.
    static func declaration(
        in bytes: UnsafeBufferPointer<UInt8>, at open: Int, atEnd: Bool
    ) -> (Skipping, Int)? {
        if starts(commentStart, in: bytes, at: open) {
            return (.until(Skipping.commentEnd, construct: "a comment"), commentStart.count)
        }
        if starts(cdataStart, in: bytes, at: open) {
            return (.until(Skipping.cdataEnd, construct: "a CDATA section"), cdataStart.count)
        }
        if starts(doctypeStart, in: bytes, at: open) {
            return (.doctype(inSubset: false, quote: 0), doctypeStart.count)
        }
        if bytes.count - open < cdataStart.count && !atEnd { return nil }
        return (.until(Skipping.declarationEnd, construct: "a declaration"), 2)
    }

    func skip(_ state: Skipping, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, atEnd: Bool) -> SkipResult {
        switch state {
        case .until(let terminator, _):
            var position = start
            while let candidate = Self.index(of: terminator[0], in: bytes, from: position) {
                if candidate + terminator.count > bytes.count {
                    return .needsMore(state: state, keep: candidate)
                }
                if Self.starts(terminator, in: bytes, at: candidate) {
                    return .finished(next: candidate + terminator.count)
                }
                position = candidate + 1
            }
            return .needsMore(state: state, keep: bytes.count)
        case .doctype(var inSubset, var quote):
            var position = start
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "<") {
                    switch Self.isHealthDataTag(in: bytes, at: position, atEnd: atEnd) {
                    case true?: return .finished(next: position)
                    case nil: return .needsMore(state: .doctype(inSubset: inSubset, quote: quote), keep: position)
                    case false?: break
                    }
                }
                if inSubset {
                    if byte == UInt8(ascii: "]") {
                        var after = position + 1
                        while after < bytes.count, Self.isSpace(bytes[after]) { after += 1 }
                        if after == bytes.count && !atEnd {
                            return .needsMore(state: .doctype(inSubset: true, quote: 0), keep: position)
                        }
                        if after < bytes.count, bytes[after] == UInt8(ascii: ">") { return .finished(next: after + 1) }
                    }
                } else if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "[") {
                    inSubset = true
                } else if byte == UInt8(ascii: ">") {
                    return .finished(next: position + 1)
                }
                position += 1
            }
            return .needsMore(state: .doctype(inSubset: inSubset, quote: quote), keep: bytes.count)
        }
    }

    /// Whether `<HealthData` followed by a space, `>` or `/` starts at `position`; nil when more bytes
    /// are needed to tell.
    private static func isHealthDataTag(in bytes: UnsafeBufferPointer<UInt8>, at position: Int, atEnd: Bool) -> Bool? {
        let length = healthDataStart.count
        let available = min(bytes.count - position, length + 1)
        for offset in 0..<min(available, length) where bytes[position + offset] != healthDataStart[offset] {
            return false
        }
        guard available == length + 1 else { return atEnd ? false : nil }
        let next = bytes[position + length]
        return isSpace(next) || next == UInt8(ascii: ">") || next == UInt8(ascii: "/")
    }

    static func starts(_ literal: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position + literal.count <= bytes.count else { return false }
        for offset in 0..<literal.count where bytes[position + offset] != literal[offset] { return false }
        return true
    }
}
