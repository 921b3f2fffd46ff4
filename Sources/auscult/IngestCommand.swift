import ArgumentParser
import Foundation
import Server
import Store
import Wearables

/// `auscult ingest`: turns export files into user-weeks, the same way `POST /api/v1/uploads` does.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest watch-data exports into weeks for one user.",
        discussion: """
            Each file is one upload, its format recognised by content (see the README for the formats). \
            Weeks merge with those already stored for the user; a file already ingested for the user is \
            skipped. Prints each upload's report: records read, kept and dropped by reason, weeks created, \
            updated or unchanged with their coverage.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "Export files.")
    var files: [String]

    @Option(help: "The wearer's external id (created if new).")
    var user: String

    @Option(help: "The wearer's UTC offset in hours, for exports whose times carry none (Fitbit, Google Fit).")
    var utcOffset: Double?

    @Option(help: "Birth year of the wearer.")
    var birthYear: Int?

    @Option(help: "Sex of the wearer: female, male or unknown.")
    var sex: String?

    @Option(help: "Device, e.g. Watch1,1 or 'Fitbit Charge 4'.")
    var device: String?

    func run() async throws {
        guard let externalID = UserMetadataFields.externalID(user) else { throw ValidationError("--user must be 1 to 200 characters") }
        var values: [String: String] = [:]
        values["birth_year"] = birthYear.map(String.init)
        values["sex"] = sex
        values["device"] = device
        let stated: UserMetadataUpdate
        do {
            stated = try UserMetadataFields.read(values)
        } catch {
            throw ValidationError(error.reason)
        }
        let database = try dataDirectory.openDatabase()
        let options = IngestOptions(utcOffsetSeconds: utcOffset.map { Int(($0 * 3600).rounded()) })
        for path in files {
            let url = URL(fileURLWithPath: path)
            let format = try ExportIngestion.detectFormat(fileAt: url)
            let sha256 = try FileDigest.sha256Hex(fileAt: url)
            if let earlier = try await database.ingestedUpload(externalID: externalID, sha256: sha256) {
                print("\(url.lastPathComponent): already ingested for \(externalID) as upload \(earlier.id ?? 0); nothing to do")
                continue
            }
            let size = ExportIngestion.fileSize(url)
            let upload = try await database.createUpload(externalID: externalID, filename: url.lastPathComponent, byteCount: size, sha256: sha256)
            let progress = IngestProgress()
            let reading = Task.detached { try ExportIngestion.read(fileAt: url, format: format, options: options, progress: progress) }
            var bar = TerminalProgress(title: "\(url.lastPathComponent) (\(format.rawValue))", total: Int(max(1, size >> 10)))
            while !Task.isCancelled {
                let done = try await Self.poll(reading, every: .milliseconds(200))
                bar.update(done: Int(progress.bytesProcessed >> 10), detail: "KiB, \(progress.recordsProcessed) records")
                if done { break }
            }
            let outcome = try await reading.value
            bar.update(done: Int(max(1, size >> 10)), detail: "KiB, \(progress.recordsProcessed) records")
            let report = try await ExportIngestion.store(outcome, uploadID: upload.id!, externalID: externalID, stated: stated, database: database)
            let pretty = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(try report.jsonText().utf8)), options: [.prettyPrinted, .sortedKeys])
            print("upload \(upload.id!):")
            print(String(decoding: pretty, as: UTF8.self))
        }
    }

    /// Whether `task` has finished, after waiting at most `interval`.
    static func poll<T: Sendable>(_ task: Task<T, any Error>, every interval: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { _ = try await task.value; return true }
            group.addTask { try await Task.sleep(for: interval); return false }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
