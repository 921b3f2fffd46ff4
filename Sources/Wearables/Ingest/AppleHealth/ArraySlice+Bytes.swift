import Foundation

/// Byte comparisons for the hot path of the Apple Health reader, by `memcmp` (the generic
/// `elementsEqual`, and `firstRange(of:)` through Foundation's `DataProtocol`, cost more than the parsing).
extension ArraySlice<UInt8> {
    /// Whether the bytes are exactly `literal`.
    func equals(_ literal: [UInt8]) -> Bool {
        guard count == literal.count else { return false }
        guard count > 0 else { return true }
        return withUnsafeBufferPointer { bytes in
            literal.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, count) == 0 }
        }
    }

    /// Whether the bytes start with `literal`.
    func begins(with literal: [UInt8]) -> Bool {
        count >= literal.count && self[startIndex..<(startIndex + literal.count)].equals(literal)
    }

    /// The index just past the first occurrence of `literal`, or nil.
    func index(after literal: [UInt8]) -> Int? {
        guard let first = literal.first, count >= literal.count else { return nil }
        var position = startIndex
        while position + literal.count <= endIndex {
            if self[position] == first, self[position..<(position + literal.count)].equals(literal) {
                return position + literal.count
            }
            position += 1
        }
        return nil
    }
}
