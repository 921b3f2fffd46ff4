import ArgumentParser
import Foundation
import Store
import Wearables

/// `auscult ingest`: turns an export file into user-weeks.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest watch-data exports into weeks for one user (today: the generic CSV export and Fitbit JSON).",
        discussion: """
            The CSV export has a header naming timestamp, heart_rate and/or steps (any order, extra columns \
            ignored) and one row per moment with an ISO-8601 timestamp carrying its UTC offset; either value \
            may be empty. The wearer's offset is the first timestamp's. Weeks already stored for the user are \
            replaced by the export's. Fitbit's heart_rate-*.json and steps-*.json files (UTC times) are read \
            at --utc-offset. Several files may be given; they become one upload. Prints the report: records \
            read, kept and dropped by reason, weeks created or updated with their coverage. Apple Health, \
            Garmin FIT and Wear OS exports are not read yet.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Argument(help: "Export files: .csv, or Fitbit heart_rate-*.json / steps-*.json.")
    var files: [String]

    @Option(help: "The wearer's UTC offset in hours, for Fitbit files (CSV timestamps carry their own).")
    var utcOffset: Double?

    @Option(help: "The wearer's external id (created if new).")
    var user: String

    @Option(help: "Birth year of a new user.")
    var birthYear: Int?

    @Option(help: "Sex of a new user: female, male or unknown.")
    var sex: String = "unknown"

    func run() async throws {
        guard let sex = Sex(rawValue: sex) else { throw ValidationError("--sex must be female, male or unknown") }
        let urls = files.map { URL(fileURLWithPath: $0) }
        if let other = urls.first(where: { !["csv", "json"].contains($0.pathExtension.lowercased()) }) {
            throw ValidationError("'\(other.lastPathComponent)' is neither .csv nor Fitbit .json; other exports are not read yet")
        }
        let contents = try urls.map { try Data(contentsOf: $0) }
        let csvTexts = zip(urls, contents).filter { $0.0.pathExtension.lowercased() == "csv" }.map { String(decoding: $0.1, as: UTF8.self) }
        let offset = utcOffset.map { Int($0 * 3600) } ?? csvTexts.lazy.compactMap(CSVExportReader.firstOffset).first ?? 0
        var resampler = WeekResampler(utcOffsetSeconds: offset)
        for (url, data) in zip(urls, contents) {
            if url.pathExtension.lowercased() == "csv" {
                try CSVExportReader().read(String(decoding: data, as: UTF8.self), into: &resampler)
            } else {
                try FitbitExportReader().read(data, into: &resampler)
            }
        }
        let data = contents.reduce(Data(), +)
        let formats = Set(urls.map { $0.pathExtension.lowercased() == "csv" ? "csv" : "fitbit_json" }).sorted().joined(separator: "+")
        let weeks = resampler.weekSeries()
        guard !weeks.isEmpty else {
            throw ValidationError("\(files.joined(separator: ", ")) hold no usable heart-rate or step sample: read \(resampler.read), dropped \(resampler.dropped)")
        }
        let profile = UserProfile(
            externalID: user, birthYear: birthYear, sex: sex,
            device: formats == "fitbit_json"
                ? DeviceModel(family: .fitbit, identifier: "fitbit", name: "Fitbit", generation: nil)
                : DeviceModel(family: .unknown, identifier: "csv", name: "CSV export", generation: nil),
            source: formats == "fitbit_json" ? .fitbit : .csv, labels: [:])
        var report: [String: Any] = [
            "records_read": resampler.read, "records_read_by_source": resampler.readBySource, "kept": resampler.kept,
            "dropped": resampler.dropped,
            "weeks": weeks.map { ["start": $0.start.description, "coverage": $0.coverage, "low_coverage": $0.isLowCoverage] },
        ]
        let reportData = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        let stored = try await dataDirectory.openDatabase().storeIngest(
            profile: profile, weeks: weeks, filename: urls.map(\.lastPathComponent).joined(separator: ","), format: formats, data: data,
            report: String(decoding: reportData, as: UTF8.self))
        report["upload_id"] = stored.uploadID
        report["user_id"] = stored.userID
        report["weeks_created"] = stored.weeksCreated.map(\.description)
        report["weeks_updated"] = stored.weeksUpdated.map(\.description)
        print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
    }
}
