import Foundation
import Testing

@testable import Wearables

/// A generated export of 60,000 heart-rate records and 10,000 step records (about 20 MB), read in 1 MiB
/// chunks through the resampler: every count exact, every week and filled bin where the arithmetic puts it.
struct LargeAppleExportTests {
    /// Monday 2025-01-06 00:00 at +0100, as seconds since 1970.
    static let start = 1_736_118_000
    static let heartRecords = 60_000
    static let stepRecords = 10_000

    static func date(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Heart rate every 40 s; steps over every 5th minute-long interval from the watch.
    static func writeExport() throws -> URL {
        let url = ExportFixtures.temporaryURL(".xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let device = ExportFixtures.watchDevice
        try handle.write(contentsOf: Data(ExportFixtures.malformedDTD.utf8))
        try handle.write(contentsOf: Data("\n<HealthData locale=\"en_US\">\n".utf8))
        var chunk = ""
        for index in 0..<heartRecords {
            let time = date(start + 40 * index)
            chunk += #" <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" sourceVersion="9.1" device="\#(device)" unit="count/min" creationDate="\#(time)" startDate="\#(time)" endDate="\#(time)" value="\#(55 + index % 60)"/>"# + "\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        for index in 0..<stepRecords {
            let begin = start + 300 * index
            chunk += #" <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" device="\#(device)" unit="count" startDate="\#(date(begin))" endDate="\#(date(begin + 60))" value="\#(10 + index % 7)"/>"# + "\n"
        }
        chunk += "</HealthData>\n"
        try handle.write(contentsOf: Data(chunk.utf8))
        return url
    }

    @Test func aLargeExportIsReadExactlyInChunks() throws {
        let url = try Self.writeExport()
        defer { try? FileManager.default.removeItem(at: url) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber).int64Value
        #expect(size > 15_000_000)
        var progressCalls = 0
        var resampler = WeekResampler(now: Date(timeIntervalSince1970: 2_000_000_000))
        let summary = try AppleHealthExportReader().read(fileAt: url, into: &resampler) { _ in progressCalls += 1 }
        let weeks = resampler.weekSeries()
        #expect(summary.bytesRead == size && progressCalls >= 15, "read in about 1 MiB chunks")
        #expect(summary.recordsByType == ["HKQuantityTypeIdentifierHeartRate": Self.heartRecords, "HKQuantityTypeIdentifierStepCount": Self.stepRecords])
        #expect(resampler.read == ["heart_rate": Self.heartRecords, "steps": Self.stepRecords])
        #expect(resampler.kept == ["heart_rate": Self.heartRecords, "steps": Self.stepRecords])
        #expect(resampler.utcOffsetSeconds == 3600)
        // Local seconds since Monday 2025-01-06 00:00; bins of 147.65625 s, weeks of 4,096 bins.
        let heartBins = Set((0..<Self.heartRecords).map { Int(Double(40 * $0) / WeekGrid.binSeconds) })
        let lastSecond = max(40 * (Self.heartRecords - 1), 300 * (Self.stepRecords - 1) + 59)
        let expectedWeeks = lastSecond / Int(WeekGrid.weekSeconds) + 1
        #expect(weeks.count == expectedWeeks)
        #expect(weeks.first?.start == LocalDate(year: 2025, month: 1, day: 6))
        #expect(Int(weeks.map { $0.observed.reduce(0, +) }.reduce(0, +)) == heartBins.count)
        let expectedSteps = (0..<Self.stepRecords).reduce(0) { $0 + 10 + $1 % 7 }
        #expect(abs(Double(weeks.map { $0.steps.reduce(0, +) }.reduce(0, +)) - Double(expectedSteps)) < 1, "every step counted once")
    }
}
