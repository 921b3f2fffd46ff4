import Foundation

/// Turns raw samples into `WeekSeries` on the 4,096-bin `WeekGrid`, with counts of what it kept and
/// dropped and why.
///
/// All samples are placed in local time at one UTC offset (`utcOffsetSeconds`, the wearer's). Heart rate:
/// the mean of the readings whose time falls in a bin, and the bin is observed. Steps: a count over
/// [start, end) is spread over the bins it overlaps in proportion to the overlap (an instantaneous count
/// goes to the bin of its time), across week boundaries too. Memory grows with the weeks touched, not with
/// the samples: three accumulators of 4,096 per week. Duplicates are recognised when a source repeats its
/// previous sample exactly, which is how re-exported and double-synced records appear in exports.
public struct WeekResampler: Sendable {
    public static let heartRateRange = 25.0...250.0
    public static let maximumStepsPerMinute = 1000.0

    public let utcOffsetSeconds: Int
    public let now: Date
    /// Samples read, kept and dropped, by kind (`RawSample.Kind` raw value) and reason.
    public private(set) var read: [String: Int] = [:]
    public private(set) var readBySource: [String: Int] = [:]
    public private(set) var kept: [String: Int] = [:]
    public private(set) var dropped: [String: [String: Int]] = [:]

    private var weeks: [LocalDate: Accumulator] = [:]
    private var previous: [String: RawSample] = [:]

    private struct Accumulator: Sendable {
        var heartRateSum = [Double](repeating: 0, count: WeekGrid.binCount)
        var heartRateCount = [Int](repeating: 0, count: WeekGrid.binCount)
        var steps = [Double](repeating: 0, count: WeekGrid.binCount)
    }

    public init(utcOffsetSeconds: Int, now: Date = Date()) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.now = now
    }

    /// Counts a record a parser could not read.
    public mutating func countUnparsable(kind: RawSample.Kind) {
        read[kind.rawValue, default: 0] += 1
        dropped[kind.rawValue, default: [:]][SampleDropReason.unparsable.rawValue, default: 0] += 1
    }

    public mutating func add(_ sample: RawSample) {
        let kind = sample.kind.rawValue
        read[kind, default: 0] += 1
        readBySource[sample.source, default: 0] += 1
        if let reason = dropReason(sample) {
            dropped[kind, default: [:]][reason.rawValue, default: 0] += 1
            return
        }
        previous["\(kind)|\(sample.source)"] = sample
        kept[kind, default: 0] += 1
        switch sample.kind {
        case .heartRate:
            place(at: sample.start) { week, bin in
                week.heartRateSum[bin] += sample.value
                week.heartRateCount[bin] += 1
            }
        case .steps:
            spreadSteps(sample)
        }
    }

    /// Every week touched, oldest first.
    public func weekSeries() -> [WeekSeries] {
        weeks.keys.sorted().map { start in
            let week = weeks[start]!
            let observed = week.heartRateCount.map { Float($0 > 0 ? 1 : 0) }
            let heartRate = zip(week.heartRateSum, week.heartRateCount).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
            return WeekSeries(
                start: start, utcOffsetSeconds: utcOffsetSeconds, heartRate: heartRate, steps: week.steps.map(Float.init),
                observed: observed)
        }
    }

    private func dropReason(_ sample: RawSample) -> SampleDropReason? {
        if sample.end < sample.start { return .invalidInterval }
        if sample.start > now { return .futureDate }
        switch sample.kind {
        case .heartRate:
            if !Self.heartRateRange.contains(sample.value) { return .outOfRange }
        case .steps:
            let minutes = max(1, sample.end.timeIntervalSince(sample.start) / 60)
            if sample.value < 0 || !sample.value.isFinite || sample.value / minutes > Self.maximumStepsPerMinute { return .outOfRange }
        }
        if previous["\(sample.kind.rawValue)|\(sample.source)"] == sample { return .duplicate }
        return nil
    }

    /// Local seconds since 1970 of a moment, at the wearer's offset.
    private func localSeconds(_ date: Date) -> Double {
        date.timeIntervalSince1970 + Double(utcOffsetSeconds)
    }

    /// The week (its Monday) and bin of a local moment.
    private func locate(localSeconds seconds: Double) -> (start: LocalDate, bin: Int, weekStartSeconds: Double) {
        let day = LocalDate(utcDate: Date(timeIntervalSince1970: seconds))
        let monday = day.mondayOnOrBefore
        let weekStart = monday.midnightUTC?.timeIntervalSince1970 ?? 0
        let bin = WeekGrid.bin(secondsSinceWeekStart: seconds - weekStart) ?? (WeekGrid.binCount - 1)
        return (monday, bin, weekStart)
    }

    private mutating func place(at date: Date, _ update: (inout Accumulator, Int) -> Void) {
        let (start, bin, _) = locate(localSeconds: localSeconds(date))
        update(&weeks[start, default: Accumulator()], bin)
    }

    private mutating func spreadSteps(_ sample: RawSample) {
        let from = localSeconds(sample.start)
        let to = localSeconds(sample.end)
        guard to > from else {
            place(at: sample.start) { week, bin in week.steps[bin] += sample.value }
            return
        }
        let rate = sample.value / (to - from)
        var cursor = from
        while cursor < to {
            let (start, bin, weekStart) = locate(localSeconds: cursor)
            let binEnd = weekStart + Double(bin + 1) * WeekGrid.binSeconds
            let segmentEnd = min(to, binEnd)
            weeks[start, default: Accumulator()].steps[bin] += rate * (segmentEnd - cursor)
            cursor = segmentEnd > cursor ? segmentEnd : binEnd
        }
    }
}
