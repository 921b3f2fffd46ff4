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
}
