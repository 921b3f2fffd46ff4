import Foundation

/// The kinds of watch-data export Auscult reads, recognised by content, never by file name.
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    /// Apple Health `export.zip` or a bare `export.xml` (any name).
    case appleHealth = "apple_health"
    /// Fitbit account-archive `heart_rate-*.json` / `steps-*.json` files, alone or in a zip.
    case fitbit
    /// Garmin `.fit` activity and monitoring files, alone or in a zip.
    case garminFIT = "garmin_fit"
    /// A Google Takeout archive with `Takeout/Fit/All Data/*.json` (Wear OS through Google Fit).
    case googleFitTakeout = "google_fit_takeout"
    /// A Health Connect export: a zip holding its SQLite database.
    case healthConnect = "health_connect"
    /// The generic CSV export (`timestamp,heart_rate,steps`).
    case csv

    public var dataSource: DataSource {
        switch self {
        case .appleHealth: .appleHealth
        case .fitbit: .fitbit
        case .garminFIT: .garmin
        case .googleFitTakeout, .healthConnect: .wearOS
        case .csv: .csv
        }
    }

    /// What the first bytes of a file say it is.
    public enum Sniff: Sendable, Equatable {
        case format(ExportFormat)
        /// A zip archive: its entries decide.
        case zip
        /// Not an export Auscult reads; the text says what it looks like.
        case unsupported(String)
    }

    /// Recognises a file from its first bytes (a few KiB are plenty).
    public static func sniff(_ prefix: Data) -> Sniff {
        let bytes = [UInt8](prefix.prefix(8192))
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .zip }
        if bytes.count >= 12, bytes[8..<12].elementsEqual(Array(".FIT".utf8)) { return .format(.garminFIT) }
        if bytes.starts(with: Array("SQLite format 3\0".utf8)) { return .format(.healthConnect) }
        for (magic, name) in Self.foreignMagic where bytes.starts(with: magic) {
            return .unsupported(name)
        }
        var text = bytes[...]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        text = text.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let head = String(decoding: text, as: UTF8.self)
        if text.first == UInt8(ascii: "<") {
            return head.contains("<HealthData") || head.contains("<!DOCTYPE HealthData")
                ? .format(.appleHealth) : .unsupported("an XML or HTML document that is not an Apple Health export (no <HealthData> element near the top)")
        }
        if text.first == UInt8(ascii: "[") || text.first == UInt8(ascii: "{") {
            if head.contains("\"dateTime\"") { return .format(.fitbit) }
            if head.contains("\"Data Points\"") || head.contains("\"dataTypeName\"") { return .format(.googleFitTakeout) }
            return .unsupported("JSON that is neither a Fitbit heart_rate/steps file nor a Google Fit data file")
        }
        if let firstLine = head.split(whereSeparator: \.isNewline).first,
           firstLine.lowercased().split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == "timestamp" }) {
            return .format(.csv)
        }
        if bytes.isEmpty { return .unsupported("an empty file") }
        let printable = bytes.prefix(512).filter { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.count
        return .unsupported(
            printable * 10 >= min(512, bytes.count) * 9
                ? "text that is not a known export (a CSV export needs a header naming timestamp)" : "binary data of no known export format")
    }

    private static let foreignMagic: [([UInt8], String)] = [
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("%PDF".utf8), "a PDF document"),
        ([0x1F, 0x8B], "a gzip file (upload the export itself or a zip)"),
        (Array("Rar!".utf8), "a RAR archive (upload a zip)"),
        ([0x37, 0x7A, 0xBC, 0xAF], "a 7-Zip archive (upload a zip)"),
    ]
}
