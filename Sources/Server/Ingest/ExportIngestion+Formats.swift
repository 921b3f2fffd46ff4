import Foundation
import Store
import Wearables

/// Reading each format, from a single file or from the entries of a zip.
extension ExportIngestion {
    /// Largest single file read whole (FIT, Fitbit JSON, a Google Fit stream): those files are small.
    static let maximumWholeFileBytes = 512 << 20
    /// Entries of a zip looked at to recognise what it holds.
    static let maximumEntriesSniffed = 5000

    /// What a zip holds: Apple Health if an entry is an export.xml, else a Google Takeout Fit archive, a
    /// Health Connect database, Garmin FIT files or Fitbit heart-rate/steps files.
    static func detectFormat(inArchiveAt url: URL) throws -> ExportFormat {
        let archive = try openArchive(url)
        if archive.entries.contains(where: isTakeoutFitEntry) { return .googleFitTakeout }
        var found: Set<ExportFormat> = []
        for entry in archive.entries.prefix(maximumEntriesSniffed) {
            if case .format(let format) = ExportFormat.sniff(try archiveRead { try archive.prefix(of: entry, byteCount: 4096) }) {
                if format == .fitbit && !isFitbitEntry(entry) { continue }
                found.insert(format)
            }
        }
        for format in [ExportFormat.appleHealth, .healthConnect, .garminFIT, .fitbit, .csv] where found.contains(format) {
            return format
        }
        throw Failure.unsupported(
            "a zip archive holding no export Auscult reads (\(archive.entries.count) files, e.g. \(archive.entries.prefix(3).map(\.path).joined(separator: ", ")))")
    }

    static func openArchive(_ url: URL) throws -> ExportArchive {
        try archiveRead { try ExportArchive(url: url) }
    }

    /// Runs `body`, turning archive failures into a refusal that names them.
    static func archiveRead<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as ExportArchive.Failure {
            throw Failure.unreadableArchive(failure.description)
        }
    }

    static func isTakeoutFitEntry(_ entry: ExportArchive.Entry) -> Bool {
        entry.path.contains("Fit/All Data/") && entry.path.lowercased().hasSuffix(".json")
    }

    static func isFitbitEntry(_ entry: ExportArchive.Entry) -> Bool {
        let name = (entry.path as NSString).lastPathComponent.lowercased()
        return (name.hasPrefix("heart_rate-") || name.hasPrefix("steps-")) && name.hasSuffix(".json")
    }

    static func isZip(_ url: URL) throws -> Bool {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return ExportFormat.sniff(try handle.read(upToCount: 4) ?? Data()) == .zip
    }

    /// The whole of a small file, or a refusal past `maximumWholeFileBytes`.
    static func wholeFile(_ url: URL) throws -> Data {
        let size = Int(fileSize(url))
        guard size <= maximumWholeFileBytes else {
            throw Failure.unsupported("a \(size >> 20) MiB file where a FIT, Fitbit or Google Fit file is at most \(maximumWholeFileBytes >> 20) MiB")
        }
        return try Data(contentsOf: url)
    }

    /// The whole of a small zip entry (within the archive's caps and `maximumWholeFileBytes`).
    static func wholeEntry(_ entry: ExportArchive.Entry, of archive: ExportArchive) throws -> Data {
        var data = Data()
        try archiveRead {
            try archive.stream(entry) { chunk in
                data.append(chunk)
                if data.count > maximumWholeFileBytes {
                    throw Failure.unsupported("the entry \(entry.path) inflates past \(maximumWholeFileBytes >> 20) MiB")
                }
            }
        }
        return data
    }

    // MARK: Formats

    static func readAppleHealth(_ url: URL, into sink: inout ProgressReportingSink, report: inout IngestReport, exported: inout ExportedProfile, progress: IngestProgress) throws {
        let summary: AppleHealthSummary
        do {
            summary = try AppleHealthExportReader().read(fileAt: url, into: &sink) { try progress.advance(bytes: $0) }
        } catch let failure as ExportArchive.Failure {
            throw Failure.unreadableArchive(failure.description)
        }
        report.recordsByType = summary.recordsByType
        report.warnings += summary.warnings
        if let entry = summary.exportEntry { report.warnings.append("read the export from the zip entry \(entry)") }
        if !summary.timeZones.isEmpty { report.warnings.append("time zones named by records: \(summary.timeZones.joined(separator: ", "))") }
        exported.birthYear = summary.birthDate?.year
        exported.sex = summary.sex
        exported.device = summary.watch
    }

    static func readFIT(_ url: URL, into sink: inout ProgressReportingSink, report: inout IngestReport, exported: inout ExportedProfile, progress: IngestProgress) throws {
        func take(_ summary: FITSummary, name: String) {
            for (message, count) in summary.messageCounts { report.recordsByType["fit:\(message)", default: 0] += count }
            report.warnings += summary.warnings.map { "\(name): \($0)" }
            if exported.device == nil || exported.device?.identifier == "garmin:unknown" { exported.device = summary.device }
        }
        if try isZip(url) {
            let archive = try openArchive(url)
            var consumed: Int64 = 0
            for entry in archive.entries {
                consumed += entry.compressedSize
                guard FITExportReader.looksLikeFIT(try archiveRead { try archive.prefix(of: entry, byteCount: 12) }) else { continue }
                do {
                    take(try FITExportReader().read(try wholeEntry(entry, of: archive), into: &sink), name: entry.path)
                } catch let failure as FITExportReader.Failure {
                    throw Failure.unreadableFile("\(entry.path): \(failure.description)")
                }
                try progress.advance(bytes: consumed)
            }
        } else {
            do {
                take(try FITExportReader().read(try wholeFile(url), into: &sink), name: url.lastPathComponent)
            } catch let failure as FITExportReader.Failure {
                throw Failure.unreadableFile(failure.description)
            }
        }
    }

    static func readFitbit(_ url: URL, into sink: inout ProgressReportingSink, report: inout IngestReport, progress: IngestProgress) throws {
        func read(_ data: Data, name: String) throws {
            do {
                try FitbitExportReader().read(data, into: &sink)
            } catch let failure as FitbitExportReader.Failure {
                throw Failure.unreadableFile("\(name): \(failure.description)")
            }
        }
        if try isZip(url) {
            let archive = try openArchive(url)
            var consumed: Int64 = 0
            for entry in archive.entries where isFitbitEntry(entry) {
                consumed += entry.compressedSize
                try read(try wholeEntry(entry, of: archive), name: entry.path)
                report.recordsByType["fitbit:" + ((entry.path as NSString).lastPathComponent.hasPrefix("steps") ? "steps" : "heart_rate"), default: 0] += 1
                try progress.advance(bytes: consumed)
            }
        } else {
            try read(try wholeFile(url), name: url.lastPathComponent)
        }
    }

    static func readGoogleFit(_ url: URL, into sink: inout ProgressReportingSink, report: inout IngestReport, progress: IngestProgress) throws {
        // A zip's entries are read twice (to describe every stream, then to read the chosen ones) rather
        // than held in memory, which stays bounded by the largest entry.
        var files: [(stream: GoogleFitTakeoutReader.Stream, data: () throws -> Data)] = []
        if try isZip(url) {
            let archive = try openArchive(url)
            for entry in archive.entries where isTakeoutFitEntry(entry) {
                try progress.stopIfCancelled()
                let data = try wholeEntry(entry, of: archive)
                let stream = try describe(data, path: entry.path)
                files.append((stream, { try wholeEntry(entry, of: archive) }))
            }
        } else {
            let data = try wholeFile(url)
            files.append((try describe(data, path: url.lastPathComponent), { data }))
        }
        for stream in files.map(\.stream) { report.recordsByType[stream.dataType, default: 0] += stream.pointCount }
        let (used, skipped) = GoogleFitTakeoutReader.choose(files.map(\.stream))
        for stream in used {
            try progress.stopIfCancelled()
            let data = try files.first { $0.stream == stream }!.data()
            do {
                try GoogleFitTakeoutReader().read(data, stream: stream, into: &sink)
            } catch let failure as GoogleFitTakeoutReader.Failure {
                throw Failure.unreadableFile("\(stream.path): \(failure.description)")
            }
            report.warnings.append("used \(stream.kind?.rawValue ?? "?") stream \(stream.dataSource) (\(stream.pointCount) points)")
        }
        for stream in skipped {
            report.warnings.append("skipped \(stream.kind?.rawValue ?? "?") stream \(stream.dataSource) (\(stream.pointCount) points): it repeats the streams used")
        }
        progress.update(bytes: report.fileBytes)
    }

    static func describe(_ data: Data, path: String) throws -> GoogleFitTakeoutReader.Stream {
        do {
            return try GoogleFitTakeoutReader.describe(data, path: path)
        } catch let failure as GoogleFitTakeoutReader.Failure {
            throw Failure.unreadableFile("\(path): \(failure.description)")
        }
    }

    static func readHealthConnect(_ url: URL, into sink: inout ProgressReportingSink, report: inout IngestReport, progress: IngestProgress) throws {
        var database = url
        var extracted: URL?
        defer { if let extracted { try? FileManager.default.removeItem(at: extracted) } }
        if try isZip(url) {
            let archive = try openArchive(url)
            guard let entry = try archive.entries.first(where: { entry in
                ExportFormat.sniff(try archiveRead { try archive.prefix(of: entry, byteCount: 16) }) == .format(.healthConnect)
            }) else { throw Failure.unsupported("a zip without a SQLite database") }
            let file = url.deletingLastPathComponent().appendingPathComponent("\(url.lastPathComponent)-health-connect.db")
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw Failure.unreadableArchive("cannot write the database to \(file.path)")
            }
            extracted = file
            let handle = try FileHandle(forWritingTo: file)
            try archiveRead { try archive.stream(entry) { try handle.write(contentsOf: $0) } }
            try handle.close()
            database = file
            report.warnings.append("read the Health Connect database \(entry.path)")
        }
        try progress.stopIfCancelled()
        do {
            let summary = try HealthConnectExportReader().read(databaseAt: database, into: &sink)
            report.recordsByType = summary.recordsByTable
            report.warnings += summary.warnings
        } catch let failure as HealthConnectExportReader.Failure {
            throw Failure.unreadableFile(failure.description)
        }
        progress.update(bytes: report.fileBytes)
    }
}
