import Foundation

/// Reads the generic CSV export: a header `timestamp,heart_rate,steps` (in any order; extra columns are
/// ignored) and one row per moment, the timestamp in ISO 8601 with its UTC offset
/// (`2026-03-02T08:15:00+01:00`, fractional seconds allowed), heart rate in bpm and steps counted at that
/// moment; either value may be empty. A row whose timestamp or a non-empty value cannot be read is counted
/// as unparsable, once per value it carries.
public struct CSVExportReader {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case missingColumns(found: [String])

        public var description: String {
            switch self {
            case .missingColumns(let found):
                "the CSV header must name timestamp and at least one of heart_rate, steps; found \(found.joined(separator: ", "))"
            }
        }
    }

    /// The source name the samples carry.
    public var source: String

    public init(source: String = "csv") {
        self.source = source
    }

    /// The UTC offset (seconds east) of the first readable timestamp in `text`, if any: the wearer's offset.
    public static func firstOffset(in text: String) -> Int? {
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next(),
              let column = header.split(separator: ",", omittingEmptySubsequences: false)
                .firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "timestamp" })
        else { return nil }
        while let line = lines.next() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.indices.contains(column),
                  let (_, offset) = Self.timestamp(fields[column].trimmingCharacters(in: .whitespaces)) else { continue }
            return offset
        }
        return nil
    }

    /// Feeds every row of `text` to `resampler`.
    public func read(_ text: String, into resampler: inout some SampleSink) throws {
        var columns: Columns?
        for line in text.split(whereSeparator: \.isNewline) {
            try consume(Substring(line), columns: &columns, into: &resampler)
        }
        if columns == nil { throw Failure.missingColumns(found: []) }
    }

    /// Feeds every row of the file at `url` to `resampler`, reading it in chunks (memory stays bounded
    /// whatever the file's size); `progress` gets the bytes read so far. The wearer's offset is noted
    /// from the first readable timestamp.
    public func read(fileAt url: URL, into resampler: inout some SampleSink, progress: (Int64) throws -> Void = { _ in }) throws {
        var columns: Columns?
        var offsetNoted = false
        try FileLines.forEach(in: url, progress: progress) { line in
            if !offsetNoted, let columns, let (_, offset) = columns.timestamp(in: line) {
                resampler.noteUTCOffset(offset)
                offsetNoted = true
            }
            try consume(line, columns: &columns, into: &resampler)
        }
        if columns == nil { throw Failure.missingColumns(found: []) }
    }

    /// Where the values are in a row, from the header.
    struct Columns {
        var time: Int
        var heartRate: Int?
        var steps: Int?

        func timestamp(in line: Substring) -> (Date, Int)? {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.indices.contains(time) else { return nil }
            return CSVExportReader.timestamp(fields[time].trimmingCharacters(in: .whitespaces))
        }
    }

    private func consume(_ line: Substring, columns: inout Columns?, into resampler: inout some SampleSink) throws {
        if line.allSatisfy(\.isWhitespace) { return }
        guard let known = columns else {
            let names = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            }
            guard let time = names.firstIndex(of: "timestamp") else { throw Failure.missingColumns(found: names) }
            let parsed = Columns(time: time, heartRate: names.firstIndex(of: "heart_rate"), steps: names.firstIndex(of: "steps"))
            guard parsed.heartRate != nil || parsed.steps != nil else { throw Failure.missingColumns(found: names) }
            columns = parsed
            return
        }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let time = fields.indices.contains(known.time) ? Self.timestamp(fields[known.time]) : nil
        for (column, kind) in [(known.heartRate, RawSample.Kind.heartRate), (known.steps, .steps)] {
            guard let column, fields.indices.contains(column), !fields[column].isEmpty else { continue }
            guard let (date, _) = time, let value = Double(fields[column]) else {
                resampler.countUnparsable(kind: kind)
                continue
            }
            resampler.add(RawSample(kind: kind, start: date, value: value, source: source))
        }
    }

    /// A timestamp and its UTC offset in seconds, or nil.
    static func timestamp(_ text: String) -> (Date, Int)? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { return nil }
        let offset: Int
        if text.hasSuffix("Z") {
            offset = 0
        } else {
            let suffix = text.suffix(6)  // ±HH:MM
            let sign = suffix.first == "-" ? -1 : 1
            let parts = suffix.dropFirst().split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            offset = sign * (parts[0] * 3600 + parts[1] * 60)
        }
        return (date, offset)
    }
}
