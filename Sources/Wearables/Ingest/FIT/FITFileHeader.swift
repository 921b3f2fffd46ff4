/// The header that starts every FIT file (and every file of a chain): its size, versions, the size of the
/// data records that follow it, and its own CRC when it has one.
///
/// Byte 0 is the header size (12, or 14 with a header CRC; larger sizes are accepted and their extra
/// bytes skipped), byte 1 the protocol version, bytes 2..<4 the profile version and 4..<8 the data size,
/// both little-endian, and bytes 8..<12 ".FIT". A header CRC of 0 means "not computed".
struct FITFileHeader: Sendable {
    static let minimumSize = 12
    static let signature: [UInt8] = Array(".FIT".utf8)

    var offset: Int
    var size: Int
    var protocolVersion: UInt8
    var profileVersion: UInt16
    var dataSize: Int
    var storedCRC: UInt16?

    /// Where the data records end and the file CRC starts.
    var dataEnd: Int { offset + size + dataSize }

    /// True when `bytes` has a complete header with its signature at `offset`.
    static func isPresent(in bytes: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, bytes.count - offset >= minimumSize else { return false }
        return Array(bytes[(offset + 8)..<(offset + 12)]) == signature && Int(bytes[offset]) >= minimumSize
    }

    /// Reads the header at `offset`. A prefix of a plausible header (size byte 12 or 14, the visible part
    /// of the signature right) that the bytes cut short is `truncated`; anything else without the
    /// signature is `notFIT`.
    init(_ bytes: [UInt8], at offset: Int) throws(FITExportReader.Failure) {
        let available = bytes.count - offset
        guard available > 0 else { throw .notFIT("the file is empty") }
        let declaredSize = Int(bytes[offset])
        if available < Self.minimumSize {
            let visible = Array(bytes[min(bytes.count, offset + 8)...])
            guard declaredSize == 12 || declaredSize == 14, Array(Self.signature.prefix(visible.count)) == visible else {
                throw .notFIT("\(available) bytes, fewer than a FIT file header's \(Self.minimumSize), without its signature")
            }
            throw .truncated(what: "the file header", needed: offset + declaredSize, available: bytes.count)
        }
        guard Array(bytes[(offset + 8)..<(offset + 12)]) == Self.signature else {
            throw .notFIT("no \".FIT\" signature at offset \(offset + 8)")
        }
        guard declaredSize >= Self.minimumSize else {
            throw .notFIT("the header at offset \(offset) declares \(declaredSize) bytes; FIT headers have 12 or 14")
        }
        guard declaredSize <= available else {
            throw .truncated(what: "the file header", needed: offset + declaredSize, available: bytes.count)
        }
        self.offset = offset
        size = declaredSize
        protocolVersion = bytes[offset + 1]
        profileVersion = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
        dataSize = (0..<4).reduce(0) { $0 | Int(bytes[offset + 4 + $1]) << (8 * $1) }
        if declaredSize >= 14 {
            let crc = UInt16(bytes[offset + 12]) | UInt16(bytes[offset + 13]) << 8
            storedCRC = crc == 0 ? nil : crc
        } else {
            storedCRC = nil
        }
    }
}
