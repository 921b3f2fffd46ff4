import Foundation
import Testing

@testable import Server

/// A cancelled ingest (a server shutting down) stops reading at its next progress report, for every
/// reader that can take long: Apple Health XML, CSV, FIT and Fitbit archives.
@Suite
struct IngestCancellationTests {
    static func exports() throws -> [(name: String, data: Data)] {
        let csv = "timestamp,heart_rate\n" + (0..<10_000).map { "2026-03-02T\(String(format: "%02d:%02d:%02d", $0 / 3600 % 24, $0 / 60 % 60, $0 % 60))+01:00,\(60 + $0 % 40)" }.joined(separator: "\n")
        let heart = #"[{"dateTime" : "03/02/26 08:00:00", "value" : {"bpm" : 70, "confidence" : 2}}]"#
        return [
            ("apple-watch6-export.zip", try UploadFormatTests.shared("apple-watch6-export.zip")),
            ("garmin-fenix5-walk.fit", try UploadFormatTests.shared("garmin-fenix5-walk.fit")),
            ("heart-rate.csv", Data(csv.utf8)),
            ("fitbit.zip", try UploadFormatTests.zip([("MyFitbitData/A/Physical Activity/heart_rate-2026-03-02.json", Data(heart.utf8))])),
        ]
    }

    @Test func everyReaderStopsAtItsNextProgressReportOnceCancelledAndReadsWholeOtherwise() throws {
        for export in try Self.exports() {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-cancel-\(UUID().uuidString)-\(export.name)")
            defer { try? FileManager.default.removeItem(at: url) }
            try export.data.write(to: url)
            let format = try ExportIngestion.detectFormat(fileAt: url)

            let whole = IngestProgress()
            let outcome = try ExportIngestion.read(fileAt: url, format: format, progress: whole)
            #expect(!outcome.weeks.isEmpty && whole.recordsProcessed > 0, "\(export.name) reads whole when not cancelled")

            let cancelled = IngestProgress()
            cancelled.cancel()
            #expect(throws: IngestProgress.Stopped.self, "\(export.name)") {
                try ExportIngestion.read(fileAt: url, format: format, progress: cancelled)
            }
        }
    }
}
