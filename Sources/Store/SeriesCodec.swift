import CSystemZlib
import Foundation
import Wearables

/// Packs week series and masks into the compressed blobs the `weeks` tables store.
///
/// Series: zlib stream (RFC 1950, readable by Python's `zlib.decompress`) of float32 little-endian
/// values, channel-major: `channels.count × binCount` values. Masks: zlib stream of one byte (0 or 1)
/// per bin.
public enum SeriesCodec {
    /// Compresses channel-major float32 values.
    public static func encode(channels: [[Float]]) throws -> Data {
        var raw = Data(capacity: channels.reduce(0) { $0 + $1.count } * 4)
        for channel in channels {
            for value in channel {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { raw.append(contentsOf: $0) }
            }
        }
        return try deflate(raw)
    }

    /// Decompresses a series blob into `channelCount` channels of `binCount` values each.
    public static func decode(_ blob: Data, channelCount: Int, binCount: Int) throws -> [[Float]] {
        let expected = channelCount * binCount * 4
        let raw = try inflate(blob, expectedSize: expected)
        guard raw.count == expected else {
            throw StoreError.corruptSeries(
                weekID: nil, reason: "expected \(expected) bytes after decompression, got \(raw.count)")
        }
        return raw.withUnsafeBytes { buffer in
            (0..<channelCount).map { channel in
                (0..<binCount).map { bin in
                    let offset = (channel * binCount + bin) * 4
                    let bits = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                    return Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
        }
    }

    /// Compresses a boolean mask, one byte per bin.
    public static func encode(mask: [Bool]) throws -> Data {
        try deflate(Data(mask.map { $0 ? 1 : 0 }))
    }

    /// Decompresses a mask blob of `binCount` bins.
    public static func decodeMask(_ blob: Data, binCount: Int) throws -> [Bool] {
        let raw = try inflate(blob, expectedSize: binCount)
        guard raw.count == binCount else {
            throw StoreError.corruptSeries(
                weekID: nil, reason: "mask holds \(raw.count) bins, expected \(binCount)")
        }
        return raw.map { $0 != 0 }
    }

    static func deflate(_ raw: Data) throws -> Data {
        var destinationLength = compressBound(uLong(raw.count))
        var output = Data(count: Int(destinationLength))
        let status = output.withUnsafeMutableBytes { destination in
            raw.withUnsafeBytes { source in
                compress2(
                    destination.baseAddress?.assumingMemoryBound(to: Bytef.self), &destinationLength,
                    source.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(raw.count), 6)
            }
        }
        guard status == Z_OK else {
            throw StoreError.corruptSeries(weekID: nil, reason: "zlib compress2 failed with status \(status)")
        }
        output.count = Int(destinationLength)
        return output
    }

    static func inflate(_ blob: Data, expectedSize: Int) throws -> Data {
        // One byte more than expected, so an over-long blob is detected rather than truncated.
        var destinationLength = uLong(expectedSize + 1)
        var output = Data(count: expectedSize + 1)
        let status = output.withUnsafeMutableBytes { destination in
            blob.withUnsafeBytes { source in
                uncompress(
                    destination.baseAddress?.assumingMemoryBound(to: Bytef.self), &destinationLength,
                    source.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(blob.count))
            }
        }
        guard status == Z_OK else {
            let reason = status == Z_BUF_ERROR ? "more data than expected" : "zlib status \(status)"
            throw StoreError.corruptSeries(weekID: nil, reason: reason)
        }
        output.count = Int(destinationLength)
        return output
    }
}
