import Foundation

/// The CRC-32 of zip entries (reflected polynomial 0xEDB88320), eight bytes per step ("slicing by 8").
///
/// ZIPFoundation's own `Data.crc32` reads a byte at a time on Linux (zlib's is not linked there), which
/// took a third of the time of reading a zipped export.
enum ZipChecksum {
    /// `checksum` (the CRC of the bytes before, 0 for none) extended over `data`.
    static func update(_ checksum: UInt32, with data: Data) -> UInt32 {
        data.withUnsafeBytes { update(checksum, with: $0) }
    }

    static func update(_ checksum: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~checksum
        tables.withUnsafeBufferPointer { table in
            var position = 0
            let count = bytes.count
            while position + 8 <= count {
                let low = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian ^ crc
                let high = bytes.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self).littleEndian
                crc =
                    table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                position += 8
            }
            while position < count {
                crc = table[Int((crc ^ UInt32(bytes[position])) & 0xFF)] ^ (crc >> 8)
                position += 1
            }
        }
        return ~crc
    }

    /// Eight tables of 256: table k gives the CRC contribution of a byte followed by k zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()
}
