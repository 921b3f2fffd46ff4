import Foundation
import Testing

@testable import Store

struct SeriesCodecTests {
    @Test func roundTripsChannelsBitForBit() throws {
        let channels: [[Float]] = [
            (0..<4096).map { Float($0) * 0.37 - 12.5 },
            (0..<4096).map { $0.isMultiple(of: 7) ? Float.leastNonzeroMagnitude : -0.0 },
            (0..<4096).map { _ in Float.random(in: -1000...1000) },
        ]
        let blob = try SeriesCodec.encode(channels: channels)
        let decoded = try SeriesCodec.decode(blob, channelCount: 3, binCount: 4096)
        #expect(decoded.map { $0.map(\.bitPattern) } == channels.map { $0.map(\.bitPattern) })
    }

    /// The blob is a standard zlib stream (RFC 1950: CMF 0x78) so notebooks can read it with `zlib`.
    @Test func writesAZlibStreamOfLittleEndianFloats() throws {
        let blob = try SeriesCodec.encode(channels: [[1.0, 2.0]])
        #expect(blob.first == 0x78)
        let raw = try SeriesCodec.inflate(blob, expectedSize: 8)
        #expect(Array(raw) == [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40])
    }

    @Test func refusesABlobOfTheWrongSizeOrGarbage() throws {
        let blob = try SeriesCodec.encode(channels: [[1, 2, 3, 4]])
        #expect(throws: StoreError.self) { try SeriesCodec.decode(blob, channelCount: 1, binCount: 3) }
        #expect(throws: StoreError.self) { try SeriesCodec.decode(blob, channelCount: 1, binCount: 5) }
        #expect(throws: StoreError.self) { try SeriesCodec.decode(Data([1, 2, 3]), channelCount: 1, binCount: 4) }
    }

    @Test func roundTripsMasks() throws {
        let mask = (0..<4096).map { $0 % 3 == 0 }
        #expect(try SeriesCodec.decodeMask(SeriesCodec.encode(mask: mask), binCount: 4096) == mask)
    }
}
