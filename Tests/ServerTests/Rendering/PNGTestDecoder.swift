import CSystemZlib
import Foundation

@testable import Server

/// A strict decoder for the PNG files `PNGEncoder` writes (8-bit truecolour, not interlaced), independent of
/// the encoder's code so that round trips check the file format rather than the encoder against itself.
///
/// Checks the signature and every chunk's CRC-32, requires IHDR first and IEND last, concatenates the IDAT
/// chunks, inflates them with zlib and undoes scanline filters 0–4 (None, Sub, Up, Average, Paeth).
struct PNGTestDecoder {
    struct DecodingError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let width: Int
    let height: Int
    /// Chunk types in file order.
    let chunkTypes: [String]
    /// (height, width, 3) row-major.
    let pixels: [UInt8]

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 8, Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw DecodingError("missing PNG signature")
        }
        var offset = 8
        var types: [String] = []
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw DecodingError("truncated chunk at byte \(offset)") }
            let length = Int(Self.bigEndian(bytes, at: offset))
            guard offset + 12 + length <= bytes.count else { throw DecodingError("chunk at byte \(offset) overruns the file") }
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
            let stored = Self.bigEndian(bytes, at: offset + 8 + length)
            let computed = UInt32(typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
            guard stored == computed else { throw DecodingError("\(type) CRC \(stored) ≠ computed \(computed)") }
            let chunkData = Array(typeAndData[4...])
            switch type {
            case "IHDR": header = chunkData
            case "IDAT": compressed += chunkData
            default: break
            }
            types.append(type)
            offset += 12 + length
        }
        guard types.first == "IHDR", types.last == "IEND", header.count == 13 else {
            throw DecodingError("chunks \(types) do not start with a 13-byte IHDR and end with IEND")
        }
        guard header[8...] == [8, 2, 0, 0, 0] else { throw DecodingError("not 8-bit RGB, non-interlaced: \(header[8...])") }
        width = Int(Self.bigEndian(header, at: 0))
        height = Int(Self.bigEndian(header, at: 4))
        chunkTypes = types
        let scanlines = try Self.inflate(compressed, expectedSize: height * (1 + width * 3))
        pixels = try Self.unfilter(scanlines, width: width, height: height)
    }

    func pixel(x: Int, y: Int) -> RGB {
        let offset = (y * width + x) * 3
        return RGB(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { ($0 << 8) | UInt32($1) }
    }

    private static func inflate(_ compressed: [UInt8], expectedSize: Int) throws -> [UInt8] {
        var length = uLong(expectedSize + 1)
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let status = output.withUnsafeMutableBufferPointer { destination in
            compressed.withUnsafeBufferPointer { uncompress(destination.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        guard status == Z_OK, Int(length) == expectedSize else {
            throw DecodingError("inflate gave status \(status) and \(length) bytes, expected \(expectedSize)")
        }
        return Array(output[0..<expectedSize])
    }

    private static func unfilter(_ data: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        let stride = width * 3
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = data[y * (stride + 1)]
            for i in 0..<stride {
                let raw = data[y * (stride + 1) + 1 + i]
                let left = i >= 3 ? Int(pixels[y * stride + i - 3]) : 0
                let up = y > 0 ? Int(pixels[(y - 1) * stride + i]) : 0
                let upLeft = i >= 3 && y > 0 ? Int(pixels[(y - 1) * stride + i - 3]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let estimate = left + up - upLeft
                    let (toLeft, toUp, toUpLeft) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                    predictor = toLeft <= toUp && toLeft <= toUpLeft ? left : (toUp <= toUpLeft ? up : upLeft)
                default: throw DecodingError("row \(y) uses unknown filter \(filter)")
                }
                pixels[y * stride + i] = raw &+ UInt8(predictor & 0xFF)
            }
        }
        return pixels
    }
}
