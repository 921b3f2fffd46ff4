import Foundation
import Store
import Wearables

/// Settings of one ingest.
public struct IngestOptions: Sendable {
    /// The wearer's offset (seconds east of UTC) for exports whose times carry none (Fitbit, Google
    /// Fit); when nil, the export's own offset is used, else UTC. When given, it wins over the export's.
    public var utcOffsetSeconds: Int?
    /// Samples later than this are dropped as `future_date`.
    public var now: Date

    public init(utcOffsetSeconds: Int? = nil, now: Date = Date()) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.now = now
    }
}

/// An export read into weeks, with what it says about the wearer and the report so far.
public struct IngestOutcome: Sendable {
    public var format: ExportFormat
    public var weeks: [WeekSeries]
    public var exported: ExportedProfile
    public var report: IngestReport
}

/// Reads an export file of any supported format into weeks: the one path the upload job and
/// `auscult ingest` share.
public enum ExportIngestion {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// Not an export Auscult reads (the upload answers 415).
        case unsupported(String)
        /// A zip that cannot be read: damaged, truncated, or past the zip-bomb caps.
        case unreadableArchive(String)
        /// An export file of a known kind that cannot be read.
        case unreadableFile(String)
        case noUsableSamples(String)

        public var description: String {
            switch self {
            case .unsupported(let what): "not an export Auscult reads: the file is \(what)"
            case .unreadableArchive(let reason): "the zip archive cannot be read: \(reason)"
            case .unreadableFile(let reason): "the export cannot be read: \(reason)"
            case .noUsableSamples(let detail): "the export holds no heart-rate or step sample Auscult can use: \(detail)"
            }
        }
    }

    /// The format of the file at `url`, from its content.
    public static func detectFormat(fileAt url: URL) throws -> ExportFormat {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let prefix = try handle.read(upToCount: 8192) ?? Data()
        switch ExportFormat.sniff(prefix) {
        case .format(let format): return format
        case .unsupported(let what): throw Failure.unsupported(what)
        case .zip: return try detectFormat(inArchiveAt: url)
        }
    }

    /// Reads the file at `url` as `format`; `progress` follows the bytes and records read.
    public static func read(
        fileAt url: URL, format: ExportFormat, options: IngestOptions = IngestOptions(), progress: IngestProgress = IngestProgress()
    ) throws -> IngestOutcome {
        let resampler = options.utcOffsetSeconds.map { WeekResampler(utcOffsetSeconds: $0, now: options.now) } ?? WeekResampler(now: options.now)
        var sink = ProgressReportingSink(resampler: resampler, progress: progress)
        var report = IngestReport(format: format.rawValue, fileBytes: fileSize(url), utcOffsetSeconds: 0)
        var exported = ExportedProfile(source: format.dataSource)
        switch format {
        case .csv:
            try CSVExportReader().read(fileAt: url, into: &sink) { try progress.advance(bytes: $0) }
        case .fitbit:
            try readFitbit(url, into: &sink, report: &report, progress: progress)
            exported.device = DeviceModel(family: .fitbit, identifier: "fitbit", name: "Fitbit", generation: nil)
            if options.utcOffsetSeconds == nil {
                report.warnings.append("Fitbit times are UTC and the export does not say the wearer's offset: weeks are in UTC unless utc_offset is given")
            }
        case .appleHealth:
            try readAppleHealth(url, into: &sink, report: &report, exported: &exported, progress: progress)
        case .garminFIT:
            try readFIT(url, into: &sink, report: &report, exported: &exported, progress: progress)
        case .googleFitTakeout:
            try readGoogleFit(url, into: &sink, report: &report, progress: progress)
            if options.utcOffsetSeconds == nil {
                report.warnings.append("Google Fit times are UTC and the export does not say the wearer's offset: weeks are in UTC unless utc_offset is given")
            }
        case .healthConnect:
            try readHealthConnect(url, into: &sink, report: &report, progress: progress)
        }
        try progress.stopIfCancelled()
        sink.flush()
        var resampled = sink.resampler
        let weeks = resampled.weekSeries()
        report.take(resampled)
        report.device = exported.device.map(IngestReport.Device.init)
        report.birthYear = exported.birthYear
        report.sex = exported.sex?.rawValue
        report.weeks = weeks.map {
            IngestReport.Week(start: $0.start.description, weekId: nil, state: nil, coverage: $0.coverage, lowCoverage: $0.isLowCoverage)
        }
        guard !weeks.isEmpty else {
            let drops = report.dropped.sorted { $0.key < $1.key }.map { "\($0.key) (\(Self.describe($0.value)))" }
            var detail = "records read: \(Self.describe(report.recordsRead)); dropped: \(drops.isEmpty ? "none" : drops.joined(separator: ", "))"
            if !report.recordsByType.isEmpty {
                detail += "; record types in the file: \(Self.describe(report.recordsByType))"
            }
            throw Failure.noUsableSamples(detail)
        }
        return IngestOutcome(format: format, weeks: weeks, exported: exported, report: report)
    }

    /// The size of the file at `url` in bytes (0 when it cannot be read).
    public static func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func describe(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

extension ExportIngestion {
    /// Stores what `read` made of a recorded upload (one transaction) and returns the final report;
    /// with `jobID`, that transaction also marks the ingest job succeeded (see `AppDatabase.storeIngest`).
    public static func store(
        _ outcome: IngestOutcome, uploadID: Int64, externalID: String, stated: UserMetadataUpdate, database: AppDatabase,
        completingJob jobID: Int64? = nil
    ) async throws -> IngestReport {
        let report = outcome.report
        let stored = try await database.storeIngest(
            uploadID: uploadID, externalID: externalID, exported: outcome.exported, stated: stated, weeks: outcome.weeks,
            format: outcome.format.rawValue, completingJob: jobID
        ) { stored in try report.finished(with: stored).jsonText() }
        return report.finished(with: stored)
    }
}
