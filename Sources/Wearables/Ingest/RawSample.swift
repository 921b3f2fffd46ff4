import Foundation

/// One measurement as an export records it, before resampling to the week grid.
public struct RawSample: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case heartRate = "heart_rate"
        case steps
    }

    public var kind: Kind
    /// When it was taken (heart rate) or when the counted interval starts (steps).
    public var start: Date
    /// End of the counted interval; equal to `start` for an instantaneous reading.
    public var end: Date
    /// Beats per minute, or steps in [start, end).
    public var value: Double
    /// The device or app that recorded it, as the export names it.
    public var source: String
    /// Which source wins where step counts of several sources overlap in a bin: the highest priority
    /// (`RawSample.wearablePriority` > `otherPriority` > `phonePriority`).
    public var priority: Int

    /// A watch or band worn on the body.
    public static let wearablePriority = 2
    public static let otherPriority = 1
    /// A phone in a pocket, which counts steps the watch counts too.
    public static let phonePriority = 0

    public init(
        kind: Kind, start: Date, end: Date? = nil, value: Double, source: String, priority: Int = RawSample.otherPriority
    ) {
        self.kind = kind
        self.start = start
        self.end = end ?? start
        self.value = value
        self.source = source
        self.priority = priority
    }
}

/// Why a sample was not kept; stable codes for ingest reports.
public enum SampleDropReason: String, Sendable, CaseIterable, Codable {
    /// Heart rate outside 25–250 bpm, a negative step count, more than 1,000 steps a minute, or a time
    /// before 1970.
    case outOfRange = "out_of_range"
    /// The same kind, source, interval and value as the sample before it from that source.
    case duplicate
    /// Later than the time of the ingest.
    case futureDate = "future_date"
    /// A line or record that could not be read (counted by the parsers).
    case unparsable
    /// An interval that ends before it starts, or a step count over more than a day (it cannot say when
    /// in the day the steps were taken).
    case invalidInterval = "invalid_interval"
    /// Step counts whose every bin is covered by a preferred source (an iPhone's steps where the watch
    /// counted too): summing both would count the same steps twice.
    case overlappingSource = "overlapping_source"
}

/// Where readers put what they read: samples, records they could not read, intervals the wearer spent
/// in a known context (asleep, in a workout), and the UTC offsets the export states.
public protocol SampleSink {
    mutating func add(_ sample: RawSample)
    mutating func countUnparsable(kind: RawSample.Kind)
    /// Marks [start, end) as spent in `context` (`asleep`, `workout`).
    mutating func addContext(_ context: String, start: Date, end: Date)
    /// An offset (seconds east of UTC) the export gives for the wearer's local time.
    mutating func noteUTCOffset(_ seconds: Int)
}
