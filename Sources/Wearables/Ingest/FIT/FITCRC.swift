/// The FIT SDK's 16-bit CRC (CRC-16/ARC: reflected polynomial 0xA001, initial value 0), computed a nibble
/// at a time from the SDK's 16-entry table, low nibble first.
///
/// The header CRC covers bytes 0..<12; the file CRC covers the header and the data records and is stored
/// little-endian in the two bytes after them.
enum FITCRC {
    private static let table: [UInt16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ]

    static func update(_ crc: UInt16, with byte: UInt8) -> UInt16 {
        var crc = crc
        for nibble in [byte & 0x0F, byte >> 4] {
            let carried = table[Int(crc & 0x0F)]
            crc = (crc >> 4) ^ carried ^ table[Int(nibble)]
        }
        return crc
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        bytes.reduce(0) { update($0, with: $1) }
    }
}
