import Foundation

/// Reads Fitbit account-archive JSON: `heart_rate-YYYY-MM-DD.json`
/// (`[{"dateTime": "05/18/15 05:25:00", "value": {"bpm": 114, "confidence": 0}}, …]`) and
/// `steps-YYYY-MM-DD.json` (`[{"dateTime": "11/02/17 00:21:00", "value": "51"}, …]`, one entry per
/// minute, the value a string). Times are UTC, month/day/two-digit year. The kind is recognised from the
/// entries, not the file name; an entry that cannot be read counts as unparsable.
public struct FitbitExportReader {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notFitbitJSON(String)

        public var description: String {
            switch self {
            case .notFitbitJSON(let reason): "not a Fitbit heart_rate or steps JSON file: \(reason)"
            }
        }
    }

    public var source: String

    public init(source: String = "fitbit") {
        self.source = source
    }

    /// The kind of samples a file holds, from its first entry.
    public static func kind(of data: Data) throws -> RawSample.Kind {
        guard let entries = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Failure.notFitbitJSON("expected a JSON array of objects")
        }
        guard let first = entries.first else { throw Failure.notFitbitJSON("the array is empty") }
        guard first["dateTime"] is String else { throw Failure.notFitbitJSON("entries have no dateTime") }
        if first["value"] is [String: Any] { return .heartRate }
        if first["value"] is String || first["value"] is NSNumber { return .steps }
        throw Failure.notFitbitJSON("entries have no value")
    }

    /// Feeds every entry of one file to `resampler`.
    public func read(_ data: Data, into resampler: inout some SampleSink) throws {
        let kind = try Self.kind(of: data)
        let entries = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        for entry in entries {
            guard let time = (entry["dateTime"] as? String).flatMap(Self.date) else {
                resampler.countUnparsable(kind: kind)
                continue
            }
            switch kind {
            case .heartRate:
                guard let bpm = ((entry["value"] as? [String: Any])?["bpm"] as? NSNumber)?.doubleValue else {
                    resampler.countUnparsable(kind: kind)
                    continue
                }
                resampler.add(RawSample(kind: .heartRate, start: time, value: bpm, source: source))
            case .steps:
                let value = (entry["value"] as? String).flatMap(Double.init) ?? (entry["value"] as? NSNumber)?.doubleValue
                guard let value else {
                    resampler.countUnparsable(kind: kind)
                    continue
                }
                resampler.add(RawSample(kind: .steps, start: time, end: time.addingTimeInterval(60), value: value, source: source))
            }
        }
    }

    /// `MM/DD/YY HH:MM:SS` read as UTC (20YY); nil for anything else, a year of more than two digits included.
    static func date(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6, (0...99).contains(parts[2]) else { return nil }
        var components = DateComponents()
        components.timeZone = TimeZone(secondsFromGMT: 0)
        (components.month, components.day, components.year) = (parts[0], parts[1], 2000 + parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        guard components.isValidDate(in: Calendar(identifier: .gregorian)) else { return nil }
        return Calendar(identifier: .gregorian).date(from: components)
    }
}
