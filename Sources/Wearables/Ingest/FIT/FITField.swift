/// One field of a decoded data message: its bytes and how to read them.
///
/// A field may hold several values of its base type (an array); `integer(at:)` reads one of them. Values
/// equal to the base type's invalid value read as nil, which the protocol uses for "not recorded". A
/// field whose size is not a multiple of its base type's size reads as nil too.
struct FITField: Sendable {
    var number: UInt8
    var baseType: FITBaseType
    var bigEndian: Bool
    var bytes: ArraySlice<UInt8>

    /// How many values of the base type the field holds.
    var count: Int {
        bytes.count % baseType.size == 0 ? bytes.count / baseType.size : 0
    }

    /// The first value as an integer, nil when absent, invalid or not an integer type.
    var integer: Int? { integer(at: 0) }

    /// True when the field is an integer type whose size is a whole number of values.
    var isReadableInteger: Bool {
        count > 0 && baseType.kind != .float && baseType.kind != .string
    }

    func integer(at index: Int) -> Int? {
        guard index >= 0, index < count else { return nil }
        let start = bytes.startIndex + index * baseType.size
        let element = bytes[start..<(start + baseType.size)]
        let ordered = bigEndian ? Array(element) : element.reversed()
        let bits = ordered.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        return baseType.integer(fromBits: bits)
    }
}
