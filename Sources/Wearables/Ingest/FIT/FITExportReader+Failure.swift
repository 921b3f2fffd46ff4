extension FITExportReader {
    /// Why a file could not be read. Offsets are byte offsets from the start of the upload (a chained
    /// file's second header is not at 0).
    public enum Failure: Error, CustomStringConvertible, Equatable {
        public enum Checksum: String, Sendable {
            case header
            case file
        }

        /// No FIT file header (byte 0 the header size, ".FIT" at bytes 8..<12) where one should start.
        case notFIT(String)
        /// The bytes end before what the header or a record declares: `needed` bytes up to an offset,
        /// `available` up to where the file (or its data records) end.
        case truncated(what: String, needed: Int, available: Int)
        /// A stored CRC that differs from the one computed over the bytes it covers.
        case crcMismatch(Checksum, offset: Int, stored: UInt16, computed: UInt16)
        /// A data message whose local message type (0-15) no definition message has defined.
        case undefinedLocalMessageType(Int, offset: Int)
        case malformedDefinition(offset: Int, reason: String)

        public var description: String {
            switch self {
            case .notFIT(let reason):
                "not a FIT file: \(reason)"
            case .truncated(let what, let needed, let available):
                "truncated FIT file: \(what) needs bytes up to offset \(needed), but they end at offset \(available)"
            case .crcMismatch(let checksum, let offset, let stored, let computed):
                "FIT \(checksum.rawValue) CRC mismatch: stored \(Self.hex(stored)) at offset \(offset), computed "
                    + "\(Self.hex(computed)); the file is damaged"
            case .undefinedLocalMessageType(let type, let offset):
                "the data message at offset \(offset) uses local message type \(type), which no definition "
                    + "message before it defines"
            case .malformedDefinition(let offset, let reason):
                "malformed definition message at offset \(offset): \(reason)"
            }
        }

        private static func hex(_ value: UInt16) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
        }
    }
}
