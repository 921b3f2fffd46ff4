import Foundation

/// Reads Wear OS data exported through Google Takeout: the files of `Takeout/Fit/All Data/`, one JSON
/// document per data stream, `{"Data Source": "raw:com.google.heart_rate.bpm:…", "Data Points": [{
/// "dataTypeName": "com.google.heart_rate.bpm", "startTimeNanos": …, "endTimeNanos": …, "fitValue":
/// [{"value": {"fpVal": 71.0}}]}, …]}`. Heart rate comes from `com.google.heart_rate.bpm` (`fpVal`), steps
/// from `com.google.step_count.delta` (`intVal` steps over [start, end)); times are nanoseconds since 1970,
/// UTC. Other data types are counted and left alone.
///
/// Google Fit stores the same measurements several times: the raw stream each device or app recorded,
/// and derived streams merged from them. Summing them all would count everything twice, so per kind
/// `choose` keeps the raw streams when there are any (the watch's own record) and otherwise the merged
/// derived stream, and says which it used.
public struct GoogleFitTakeoutReader {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notGoogleFitJSON(String)

        public var description: String {
            switch self {
            case .notGoogleFitJSON(let reason): "not a Google Fit data file: \(reason)"
            }
        }
    }

    /// One data stream (one file).
    public struct Stream: Sendable, Equatable {
        public var path: String
        /// The `Data Source` id, such as `raw:com.google.heart_rate.bpm:com.mobvoi.companion:Mobvoi:TicWatch Pro 3:…`.
        public var dataSource: String
        public var dataType: String
        public var kind: RawSample.Kind?
        public var pointCount: Int

        public var isRaw: Bool { dataSource.hasPrefix("raw:") }
        public var isMerged: Bool { dataSource.lowercased().contains("merge") }
        /// A stream from a watch or band is preferred where its steps overlap a phone's.
        public var priority: Int {
            let lower = dataSource.lowercased()
            let wearables = ["watch", "wear", "band", "fitbit", "garmin", "mobvoi", "ticwatch", "fossil", "amazfit", "polar"]
            return wearables.contains(where: lower.contains) ? RawSample.wearablePriority : RawSample.phonePriority
        }
    }

    static let heartRateType = "com.google.heart_rate.bpm"
    static let stepsType = "com.google.step_count.delta"

    public init() {}

    /// What a data file holds, without reading its values.
    public static func describe(_ data: Data, path: String) throws -> Stream {
        let (source, points) = try document(data)
        let type = (points.first?["dataTypeName"] as? String) ?? source.split(separator: ":").dropFirst().first.map(String.init) ?? "unknown"
        let kind: RawSample.Kind? = type == heartRateType ? .heartRate : type == stepsType ? .steps : nil
        return Stream(path: path, dataSource: source, dataType: type, kind: kind, pointCount: points.count)
    }

    /// The streams to read per kind (raw ones if any, else merged derived ones, else the rest) and the
    /// streams of the same kinds left out.
    public static func choose(_ streams: [Stream]) -> (used: [Stream], skipped: [Stream]) {
        var used: [Stream] = []
        var skipped: [Stream] = []
        for kind in RawSample.Kind.allCases {
            let candidates = streams.filter { $0.kind == kind }
            let raw = candidates.filter(\.isRaw)
            let merged = candidates.filter { !$0.isRaw && $0.isMerged }
            let chosen = !raw.isEmpty ? raw : !merged.isEmpty ? merged : candidates
            used += chosen
            skipped += candidates.filter { !chosen.contains($0) }
        }
        return (used, skipped)
    }

    /// Feeds the points of one chosen stream's file to `sink`.
    public func read(_ data: Data, stream: Stream, into sink: inout some SampleSink) throws {
        guard let kind = stream.kind else { return }
        let (_, points) = try Self.document(data)
        let source = Self.sourceName(stream.dataSource)
        for point in points {
            guard let start = Self.nanos(point["startTimeNanos"]), let end = Self.nanos(point["endTimeNanos"]),
                  let value = Self.value(point["fitValue"], kind: kind)
            else {
                sink.countUnparsable(kind: kind)
                continue
            }
            let startDate = Date(timeIntervalSince1970: start)
            switch kind {
            case .heartRate:
                sink.add(RawSample(kind: .heartRate, start: startDate, value: value, source: source, priority: stream.priority))
            case .steps:
                sink.add(RawSample(kind: .steps, start: startDate, end: Date(timeIntervalSince1970: end), value: value, source: source, priority: stream.priority))
            }
        }
    }

    /// The device part of a data source id (`…:Mobvoi:TicWatch Pro 3:serial:`), or the id itself.
    static func sourceName(_ dataSource: String) -> String {
        let parts = dataSource.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 5, !parts[3].isEmpty || !parts[4].isEmpty {
            return [parts[3], parts[4]].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return dataSource
    }

    static func document(_ data: Data) throws -> (source: String, points: [[String: Any]]) {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure.notGoogleFitJSON("expected a JSON object")
        }
        guard let points = object["Data Points"] as? [[String: Any]] else {
            throw Failure.notGoogleFitJSON("no \"Data Points\" array")
        }
        return ((object["Data Source"] as? String) ?? "unknown", points)
    }

    /// Seconds since 1970 from a nanosecond count written as a number or a string.
    static func nanos(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue / 1e9 }
        if let text = value as? String, let number = Int64(text) { return Double(number) / 1e9 }
        return nil
    }

    static func value(_ fitValue: Any?, kind: RawSample.Kind) -> Double? {
        guard let first = (fitValue as? [[String: Any]])?.first, let value = first["value"] as? [String: Any] else { return nil }
        return ((value["fpVal"] as? NSNumber) ?? (value["intVal"] as? NSNumber))?.doubleValue
    }
}
