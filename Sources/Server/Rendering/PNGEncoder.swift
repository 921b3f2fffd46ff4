import CSystemZlib
import Foundation

/// Writes an `RGBImage` as a PNG file: 8 bits per channel, colour type 2 (truecolour), no interlacing.
///
/// Chunks are IHDR, one IDAT and IEND. Each scanline is filtered with whichever of None, Sub or Up gives
/// the smallest sum of absolute filtered bytes (the usual heuristic from the PNG specification; flat
/// heatmap rows favour Sub, rows repeated by tall cells favour Up), then the whole stream is deflated
/// with zlib at level 6. CRC-32 comes from zlib's `crc32`.
enum PNGEncoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG bytes of `image`. Throws `PNGEncodingError` for an empty image or a zlib failure.
    static func encode(_ image: RGBImage) throws -> Data {
        guard image.width > 0, image.height > 0, image.width <= Int(Int32.max), image.height <= Int(Int32.max) else {
            throw PNGEncodingError.unsupportedSize(width: image.width, height: image.height)
        }
        var header = [UInt8]()
        appendBigEndian(UInt32(image.width), to: &header)
        appendBigEndian(UInt32(image.height), to: &header)
        // Bit depth 8, colour type 2 (RGB), compression 0, filter method 0, no interlace.
        header += [8, 2, 0, 0, 0]

        var file = Data(signature)
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", try deflate(filteredScanlines(image)), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// height × (1 filter byte + width × 3 bytes).
    static func filteredScanlines(_ image: RGBImage) -> [UInt8] {
        let rowLength = image.width * 3
        var output = [UInt8](repeating: 0, count: image.height * (rowLength + 1))
        image.pixels.withUnsafeBufferPointer { pixels in
            output.withUnsafeMutableBufferPointer { output in
                for y in 0..<image.height {
                    let row = y * rowLength
                    // The byte to subtract under filter None (0), Sub (1) or Up (2).
                    func predictor(_ filter: Int, _ i: Int) -> UInt8 {
                        switch filter {
                        case 1: i >= 3 ? pixels[row + i - 3] : 0
                        case 2: y > 0 ? pixels[row - rowLength + i] : 0
                        default: 0
                        }
                    }
                    // Filtered bytes read as signed values; smaller sums compress better.
                    func cost(_ byte: UInt8) -> Int { byte < 128 ? Int(byte) : 256 - Int(byte) }
                    var costs = (none: 0, sub: 0, up: 0)
                    for i in 0..<rowLength {
                        let current = pixels[row + i]
                        costs.none += cost(current)
                        costs.sub += cost(current &- predictor(1, i))
                        costs.up += cost(current &- predictor(2, i))
                    }
                    let filter = costs.none <= min(costs.sub, costs.up) ? 0 : (costs.sub <= costs.up ? 1 : 2)
                    let start = y * (rowLength + 1)
                    output[start] = UInt8(filter)
                    for i in 0..<rowLength { output[start + 1 + i] = pixels[row + i] &- predictor(filter, i) }
                }
            }
        }
        return output
    }

    private static func deflate(_ raw: [UInt8]) throws -> [UInt8] {
        var destinationLength = compressBound(uLong(raw.count))
        var output = [UInt8](repeating: 0, count: Int(destinationLength))
        let status = output.withUnsafeMutableBufferPointer { destination in
            raw.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &destinationLength, source.baseAddress, uLong(raw.count), 6)
            }
        }
        guard status == Z_OK else { throw PNGEncodingError.compressionFailed(zlibStatus: status) }
        output.removeSubrange(Int(destinationLength)...)
        return output
    }

    /// Length, type, data, then the CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout Data) {
        let typeAndData = Array(type.utf8) + data
        var bytes = [UInt8]()
        appendBigEndian(UInt32(data.count), to: &bytes)
        bytes += typeAndData
        let checksum = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(checksum), to: &bytes)
        file.append(contentsOf: bytes)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
