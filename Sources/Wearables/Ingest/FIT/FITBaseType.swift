/// A FIT base type: how many bytes one value takes, how to read it, and which value means "absent".
///
/// The definition's base-type byte carries the type number in bits 0-4 (bit 7 only says whether the type
/// has an endianness). Numbers the protocol does not define are read as `byte`, as the SDK does.
struct FITBaseType: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case unsigned
        case signed
        /// Unsigned, with 0 as the invalid value (`uint8z`, `uint16z`, …).
        case unsignedZ
        /// Opaque bytes, read one at a time; a byte of 0xFF reads as absent.
        case byte
        case float
        case string
    }

    let name: String
    let size: Int
    let kind: Kind

    init(rawValue: UInt8) {
        switch rawValue & 0x1F {
        case 0x00: (name, size, kind) = ("enum", 1, .unsigned)
        case 0x01: (name, size, kind) = ("sint8", 1, .signed)
        case 0x02: (name, size, kind) = ("uint8", 1, .unsigned)
        case 0x03: (name, size, kind) = ("sint16", 2, .signed)
        case 0x04: (name, size, kind) = ("uint16", 2, .unsigned)
        case 0x05: (name, size, kind) = ("sint32", 4, .signed)
        case 0x06: (name, size, kind) = ("uint32", 4, .unsigned)
        case 0x07: (name, size, kind) = ("string", 1, .string)
        case 0x08: (name, size, kind) = ("float32", 4, .float)
        case 0x09: (name, size, kind) = ("float64", 8, .float)
        case 0x0A: (name, size, kind) = ("uint8z", 1, .unsignedZ)
        case 0x0B: (name, size, kind) = ("uint16z", 2, .unsignedZ)
        case 0x0C: (name, size, kind) = ("uint32z", 4, .unsignedZ)
        case 0x0E: (name, size, kind) = ("sint64", 8, .signed)
        case 0x0F: (name, size, kind) = ("uint64", 8, .unsigned)
        case 0x10: (name, size, kind) = ("uint64z", 8, .unsignedZ)
        default: (name, size, kind) = ("byte", 1, .byte)
        }
    }

    /// The value of one element read as an unsigned pattern of `size` bytes, or nil when it is this type's
    /// invalid value or the type is not an integer (float, string).
    func integer(fromBits bits: UInt64) -> Int? {
        let allOnes: UInt64 = size == 8 ? .max : (1 << UInt64(size * 8)) - 1
        switch kind {
        case .unsigned, .byte:
            return bits == allOnes ? nil : Int(exactly: bits)
        case .unsignedZ:
            return bits == 0 ? nil : Int(exactly: bits)
        case .signed:
            let largest = allOnes >> 1
            guard bits != largest else { return nil }
            let shift = UInt64(64 - size * 8)
            return Int(Int64(bitPattern: bits << shift) >> Int64(shift))
        case .float, .string:
            return nil
        }
    }
}
