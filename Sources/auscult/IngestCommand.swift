import ArgumentParser
import Foundation
import Store
import Wearables

/// `auscult ingest`: turns an export file into user-weeks.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest a watch-data export into weeks for one user (today: the generic CSV export).",
        discussion: """
            The CSV export has a header naming timestamp, heart_rate and/or steps (any order, extra columns \
            ignored) and one row per moment with an ISO-8601 timestamp carrying its UTC offset; either value \
            may be empty. The wearer's offset is the first timestamp's. Weeks already stored for the user are \
            replaced by the export's. Prints the report: records read, kept and dropped by reason, weeks \
            created or updated with their coverage. Apple Health, Garmin FIT, Fitbit and Wear OS exports are \
            not read yet.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "The export file (.csv).")
    var file: String

    @Option(help: "The wearer's external id (created if new).")
    var user: String

    @Option(help: "Birth year of a new user.")
    var birthYear: Int?

    @Option(help: "Sex of a new user: female, male or unknown.")
    var sex: String = "unknown"

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard url.pathExtension.lowercased() == "csv" else {
            throw ValidationError("'\(url.lastPathComponent)' is not a .csv file; only the generic CSV export is read so far")
        }
        guard let sex = Sex(rawValue: sex) else { throw ValidationError("--sex must be female, male or unknown") }
        let data = try Data(contentsOf: url)
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("'\(file)' is not UTF-8 text") }
        var resampler = WeekResampler(utcOffsetSeconds: CSVExportReader.firstOffset(in: text) ?? 0)
        try CSVExportReader().read(text, into: &resampler)
        let weeks = resampler.weekSeries()
        guard !weeks.isEmpty else {
            throw ValidationError("'\(file)' holds no usable heart-rate or step sample: read \(resampler.read), dropped \(resampler.dropped)")
        }
        let profile = UserProfile(
            externalID: user, birthYear: birthYear, sex: sex,
            device: DeviceModel(family: .unknown, identifier: "csv", name: "CSV export", generation: nil), source: .csv, labels: [:])
        var report: [String: Any] = [
            "records_read": resampler.read, "records_read_by_source": resampler.readBySource, "kept": resampler.kept,
            "dropped": resampler.dropped,
            "weeks": weeks.map { ["start": $0.start.description, "coverage": $0.coverage, "low_coverage": $0.isLowCoverage] },
        ]
        let reportData = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        let stored = try await dataDirectory.openDatabase().storeIngest(
            profile: profile, weeks: weeks, filename: url.lastPathComponent, format: "csv", data: data,
            report: String(decoding: reportData, as: UTF8.self))
        report["upload_id"] = stored.uploadID
        report["user_id"] = stored.userID
        report["weeks_created"] = stored.weeksCreated.map(\.description)
        report["weeks_updated"] = stored.weeksUpdated.map(\.description)
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
    }
}
