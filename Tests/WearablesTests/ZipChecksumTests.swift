import Foundation
import Testing
import ZIPFoundation

@testable import Wearables

struct ZipChecksumTests {
    @Test func matchesTheCheckValueAndZIPFoundationOnEveryLengthAndSplit() {
        #expect(ZipChecksum.update(0, with: Data("123456789".utf8)) == 0xCBF4_3926)
        var generator = SplitMix64(state: 3)
        let bytes = Data((0..<1000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 999, 1000] {
            let data = bytes.prefix(length)
            #expect(ZipChecksum.update(0, with: data) == data.crc32(checksum: 0), "length \(length)")
            let split = length / 3
            let chained = ZipChecksum.update(ZipChecksum.update(0, with: data.prefix(split)), with: data.dropFirst(split))
            #expect(chained == data.crc32(checksum: 0), "split at \(split) of \(length)")
        }
    }
}
