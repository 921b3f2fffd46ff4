import Foundation
import Testing
import ZIPFoundation

@testable import Wearables

struct ExportArchiveTests {
    func isCorrupt(_ error: any Error) -> Bool {
        if case .corrupt? = error as? ExportArchive.Failure { return true }
        return false
    }

    /// Text that deflates about 4:1, like an export.
    func exportLikeText(bytes: Int) -> Data {
        var text = ""
        var index = 0
        while text.utf8.count < bytes {
            text += "<Record type=\"HKQuantityTypeIdentifierHeartRate\" value=\"\(60 + index * 7 % 53)\" n=\"\(index * 7919 % 100_003)\"/>\n"
            index += 1
        }
        return Data(text.utf8.prefix(bytes))
    }

    @Test func listsFilesWithoutDirectoriesOrAppleDoubleEntries() throws {
        let archive = try ExportArchive(url: ExportFixtures.shared("apple-watch6-export.zip"))
        #expect(archive.entries.map(\.path) == ["apple_health_export/.DS_Store", "apple_health_export/export.xml"])
        let export = try #require(archive.entries.last)
        #expect(export.uncompressedSize == 3790)
        #expect(try archive.prefix(of: export, byteCount: 38) == Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8))
    }

    @Test func streamsDeflatedAndStoredEntriesInChunksOfAtMostTheSizeAsked() throws {
        let text = exportLikeText(bytes: 300_000)
        for method in [CompressionMethod.deflate, .none] {
            let url = try ExportFixtures.zip([("a/b.xml", text)], method: method)
            let archive = try ExportArchive(url: url)
            var streamed = Data()
            var largest = 0
            try archive.stream(archive.entries[0], chunkSize: 65_536) { chunk in
                streamed.append(chunk)
                largest = max(largest, chunk.count)
            }
            #expect(streamed == text && largest <= 65_536)
            #expect(try archive.prefix(of: archive.entries[0], byteCount: 10) == text.prefix(10))
        }
    }

    @Test func anEntryThatInflatesPastTheCapIsStoppedByTheBytesProduced() throws {
        let url = try ExportFixtures.zip([("bomb.xml", Data(count: 8 << 20))])
        #expect(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0 < 20_000)
        let capped = try ExportArchive(url: url, limits: .init(maximumEntryBytes: 1 << 20))
        #expect(throws: ExportArchive.Failure.entryTooLarge(entry: "bomb.xml", limit: 1 << 20)) {
            try capped.stream(capped.entries[0]) { _ in }
        }
        let defaults = try ExportArchive(url: url)
        #expect(throws: ExportArchive.Failure.compressionRatioTooHigh(entry: "bomb.xml", limit: 200)) {
            try defaults.stream(defaults.entries[0]) { _ in }
        }
    }

    @Test func truncatedAndDamagedZipsThrowCorruptAndOtherFilesNotAZip() throws {
        let fixture = try Data(contentsOf: ExportFixtures.shared("apple-watch6-export.zip"))
        for length in [10, 100, 1500, fixture.count - 30, fixture.count - 1] {
            let url = ExportFixtures.temporaryURL(".zip")
            try fixture.prefix(length).write(to: url)
            #expect(performing: { _ = try ExportArchive(url: url) }, throws: isCorrupt)
        }
        let notZip = try ExportFixtures.write("<HealthData/>")
        #expect(throws: ExportArchive.Failure.notAZip) { _ = try ExportArchive(url: notZip) }
    }

    @Test func damagedDeflateDataThrowsCorruptInsteadOfHanging() throws {
        let text = exportLikeText(bytes: 400_000)
        let original = try Data(contentsOf: ExportFixtures.zip([("export.xml", text)]))
        // Overwrite the middle of the compressed data, once with zeros and once with other bytes.
        for filler: UInt8 in [0, 0x5A] {
            var damaged = original
            let middle = damaged.count / 2
            damaged.replaceSubrange(middle..<(middle + 4000), with: Data(repeating: filler, count: 4000))
            let url = ExportFixtures.temporaryURL(".zip")
            try damaged.write(to: url)
            let archive = try ExportArchive(url: url)
            #expect(performing: { try archive.stream(archive.entries[0]) { _ in } }, throws: isCorrupt)
        }
    }

    @Test func errorsOfTheConsumerPassThroughUnchanged() throws {
        struct Stop: Error, Equatable {}
        let url = try ExportFixtures.zip([("a.txt", Data("hello".utf8))])
        let archive = try ExportArchive(url: url)
        #expect(throws: Stop()) { try archive.stream(archive.entries[0]) { _ in throw Stop() } }
    }

    /// Found by Tests/FuzzTests: a CSV export zip whose last 10 bytes hold a second end-of-directory
    /// signature, read past the end of the buffer; now the damaged directory is refused.
    @Test func anEndRecordSignatureInTheLastBytesIsNotReadPastTheEnd() throws {
        let bytes: [UInt8] = [
            0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08, 0x08, 0x00, 0x7D, 0x6B, 0xFF, 0x81, 0x2F, 0xD2, 0xFC, 0x60, 0x5B, 0x00, 0x00, 0x00, 0x93, 0x00,
            0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x65, 0x78, 0x70, 0x6F, 0x72, 0x74, 0x2E, 0x63, 0x73, 0x76, 0x5D, 0x8C, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39,
            0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x39, 0x0A, 0x80, 0x30, 0x10, 0x04, 0x7B, 0xBF, 0xC2, 0x29, 0x7B,
            0x17, 0x12, 0x89, 0xEF, 0xB0, 0xB2, 0x91, 0x14, 0x07, 0x5A, 0x08, 0x21, 0xB9, 0xFF, 0x63, 0x2C, 0x54, 0x10, 0xA6, 0x58, 0x98, 0x61, 0xED, 0x38,
            0xB5, 0x5A, 0x3A, 0x33, 0xED, 0x9A, 0x8A, 0x6D, 0x25, 0x99, 0x52, 0x35, 0xCD, 0xB5, 0x13, 0x48, 0x18, 0xE0, 0x06, 0xC8, 0x02, 0xCC, 0x0D, 0x87,
            0x1E, 0xDC, 0x06, 0x05, 0x26, 0x96, 0xBF, 0xBF, 0xCD, 0xE3, 0x1D, 0xFD, 0x2C, 0xDF, 0x07, 0xA3, 0x7F, 0x0B, 0xF2, 0x5F, 0x10, 0x17, 0x71, 0xB3,
            0x8F, 0x8D, 0x95, 0x26, 0x10, 0x2E, 0x50, 0x4B, 0x01, 0x02, 0x15, 0x03, 0x14, 0x00, 0x00, 0x08, 0x08, 0x00, 0x7D, 0x6B, 0x7E, 0x5D, 0x2F, 0xD2,
            0xFC, 0x60, 0x5B, 0x00, 0x00, 0x00, 0x93, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xA4, 0x81,
            0x00, 0x00, 0x00, 0x00, 0x65, 0x78, 0x70, 0x6F, 0x72, 0x74, 0x2E, 0x63, 0x73, 0x76, 0x50, 0x4B, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00, 0x50, 0x4B,
            0x05, 0x06, 0x38, 0x00, 0x00, 0x00, 0x83, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        let url = ExportFixtures.temporaryURL(".zip")
        try Data(bytes).write(to: url)
        #expect(performing: { _ = try ExportArchive(url: url) }, throws: isCorrupt)
    }
}
