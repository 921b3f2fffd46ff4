import Foundation

/// Turns raw samples into `WeekSeries` on the 4,096-bin `WeekGrid`, with counts of what it kept and
/// dropped and why.
///
/// All samples are placed in local time at one UTC offset (`utcOffsetSeconds`, the wearer's): given at
/// creation, or the first one a reader notes. Heart rate: the mean of the readings whose time falls in a
/// bin, and the bin is observed. Steps: a count over [start, end) is spread over the bins it overlaps in
/// proportion to the overlap (an instantaneous count goes to the bin of its time), across week boundaries
/// too. Where several sources counted steps in one bin, only one source's count is kept: the highest
/// `RawSample.priority`, then the source with the most step records in the upload, then the first seen;
/// a step record none of whose bins is kept is dropped as `overlapping_source`. Context intervals mark
/// the bins whose middle they cover, and every week of an upload that names a context carries its mask.
///
/// Memory grows with the weeks touched and the number of step records (12 bytes each), not with the
/// heart-rate samples. What one record can cost is bounded whatever a file says: times before 1970 or
/// after `now` are not placed, a step count spans at most a day and a context interval two days. Duplicates are recognised when a source repeats its previous sample exactly, which
/// is how re-exported and double-synced records appear in exports.
public struct WeekResampler: SampleSink, Sendable {
    public static let heartRateRange = 25.0...250.0
    public static let maximumStepsPerMinute = 1000.0
    /// Samples and context intervals earlier than this are not placed: no export Auscult reads predates it,
    /// and it bounds the weeks one upload can touch (with `now`).
    public static let earliestDate = Date(timeIntervalSince1970: 0)
    /// Longest step-count interval spread over the bins; a longer one is dropped as `invalid_interval`, so one
    /// record touches at most a day's bins.
    public static let maximumStepIntervalSeconds = 86_400.0
    /// Longest sleep or workout interval marked; a longer one is counted but marks nothing.
    public static let maximumContextSeconds = 2 * 86_400.0
    /// Largest UTC offset adopted (ISO 8601 allows ±18:00); a larger one noted by a reader is ignored.
    public static let maximumUTCOffsetSeconds = 18 * 3600

    public private(set) var utcOffsetSeconds: Int
    public let now: Date
    /// Every distinct offset readers noted; more than one means the export spans offset changes.
    public private(set) var notedOffsets: Set<Int> = []
    /// Samples read, kept and dropped, by kind (`RawSample.Kind` raw value) and reason.
    public private(set) var read: [String: Int] = [:]
    public private(set) var readBySource: [String: Int] = [:]
    public private(set) var kept: [String: Int] = [:]
    public private(set) var dropped: [String: [String: Int]] = [:]
    /// Context intervals read, by context name.
    public private(set) var contexts: [String: Int] = [:]

    private var offsetFixed: Bool
    private var weeks: [Int: Accumulator] = [:]
    private var previous: [String: RawSample] = [:]
    private var sourceIndex: [String: Int] = [:]
    private var sourcePriority: [Int] = []
    private var sourceStepRecords: [Int] = []
    private var stepSpans: [StepSpan] = []
    private var overlapsResolved = true

    private struct Accumulator: Sendable {
        var heartRateSum = [Double](repeating: 0, count: WeekGrid.binCount)
        var heartRateCount = [Int32](repeating: 0, count: WeekGrid.binCount)
        /// Steps per source index; a bin a source's record touched is marked in `stepsTouched`.
        var steps: [Int: [Double]] = [:]
        var stepsTouched: [Int: [Bool]] = [:]
        var contexts: [String: [Bool]] = [:]
    }

    /// The bins one step record touched, as global bin numbers (week index × 4,096 + bin).
    private struct StepSpan: Sendable {
        var first: Int32
        var last: Int32
        var source: Int32
    }

    /// A resampler at a fixed offset: offsets readers note are recorded but not adopted.
    public init(utcOffsetSeconds: Int, now: Date = Date()) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.now = now
        offsetFixed = true
    }

    /// A resampler that adopts the first offset a reader notes (UTC until then).
    public init(now: Date = Date()) {
        utcOffsetSeconds = 0
        self.now = now
        offsetFixed = false
    }

    public mutating func noteUTCOffset(_ seconds: Int) {
        guard (-Self.maximumUTCOffsetSeconds...Self.maximumUTCOffsetSeconds).contains(seconds) else { return }
        notedOffsets.insert(seconds)
        if !offsetFixed {
            utcOffsetSeconds = seconds
            offsetFixed = true
        }
    }

    /// Counts a record a parser could not read.
    public mutating func countUnparsable(kind: RawSample.Kind) {
        read[kind.rawValue, default: 0] += 1
        dropped[kind.rawValue, default: [:]][SampleDropReason.unparsable.rawValue, default: 0] += 1
    }

    public mutating func add(_ sample: RawSample) {
        offsetFixed = true
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
            let (week, bin, _) = locate(localSeconds: localSeconds(sample.start))
            weeks[week, default: Accumulator()].heartRateSum[bin] += sample.value
            weeks[week, default: Accumulator()].heartRateCount[bin] += 1
        case .steps:
            spreadSteps(sample, source: index(ofSource: sample.source, priority: sample.priority))
        }
    }

    public mutating func addContext(_ context: String, start: Date, end: Date) {
        offsetFixed = true
        contexts[context, default: 0] += 1
        guard end > start, start >= Self.earliestDate, start <= now, end.timeIntervalSince(start) <= Self.maximumContextSeconds else { return }
        let from = localSeconds(start)
        let to = localSeconds(end)
        let first = locate(localSeconds: from)
        var (week, bin, weekStart) = first
        var marked = false
        while weekStart + Double(bin) * WeekGrid.binSeconds < to {
            let middle = weekStart + (Double(bin) + 0.5) * WeekGrid.binSeconds
            if middle >= from && middle < to {
                weeks[week, default: Accumulator()].contexts[context, default: Self.emptyMask][bin] = true
                marked = true
            }
            bin += 1
            if bin == WeekGrid.binCount {
                (week, bin, weekStart) = (week + 1, 0, weekStart + WeekGrid.weekSeconds)
            }
        }
        // An interval shorter than a bin that covers no bin's middle marks the bin it starts in.
        if !marked {
            weeks[first.week, default: Accumulator()].contexts[context, default: Self.emptyMask][first.bin] = true
        }
    }

    /// Every week touched, oldest first. Resolves overlapping step sources first, which moves records
    /// whose steps all lost to a preferred source from `kept` to `dropped`.
    public mutating func weekSeries() -> [WeekSeries] {
        let winners = resolveOverlaps()
        let contextNames = Set(contexts.keys)
        return weeks.keys.sorted().map { index in
            let week = weeks[index]!
            let observed = week.heartRateCount.map { Float($0 > 0 ? 1 : 0) }
            let heartRate = zip(week.heartRateSum, week.heartRateCount).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
            var steps = [Float](repeating: 0, count: WeekGrid.binCount)
            if let winner = winners[index] {
                for bin in 0..<WeekGrid.binCount where winner[bin] >= 0 {
                    steps[bin] = Float(week.steps[Int(winner[bin])]![bin])
                }
            }
            var masks: [String: [Bool]] = [:]
            for name in contextNames { masks[name] = week.contexts[name] ?? Self.emptyMask }
            return WeekSeries(
                start: Self.weekStart(index), utcOffsetSeconds: utcOffsetSeconds, heartRate: heartRate, steps: steps,
                observed: observed, contextMasks: masks)
        }
    }

    private static let emptyMask = [Bool](repeating: false, count: WeekGrid.binCount)

    /// The winning source per bin of every week with steps (-1 where no source counted), and the
    /// overlap drops counted once.
    private mutating func resolveOverlaps() -> [Int: [Int32]] {
        var winners: [Int: [Int32]] = [:]
        for (index, week) in weeks where !week.steps.isEmpty {
            var winner = [Int32](repeating: -1, count: WeekGrid.binCount)
            let ranked = week.stepsTouched.keys.sorted { a, b in
                (sourcePriority[a], sourceStepRecords[a], -a) > (sourcePriority[b], sourceStepRecords[b], -b)
            }
            for source in ranked.reversed() {
                let touched = week.stepsTouched[source]!
                for bin in 0..<WeekGrid.binCount where touched[bin] { winner[bin] = Int32(source) }
            }
            winners[index] = winner
        }
        guard !overlapsResolved else { return winners }
        overlapsResolved = true
        var overlapping = 0
        for span in stepSpans {
            var wins = false
            var global = span.first
            while global <= span.last && !wins {
                let week = Int(global) / WeekGrid.binCount
                wins = winners[week]?[Int(global) % WeekGrid.binCount] == span.source
                global += 1
            }
            if !wins { overlapping += 1 }
        }
        if overlapping > 0 {
            kept["steps", default: 0] -= overlapping
            dropped["steps", default: [:]][SampleDropReason.overlappingSource.rawValue, default: 0] += overlapping
        }
        return winners
    }

    private mutating func index(ofSource name: String, priority: Int) -> Int {
        if let index = sourceIndex[name] { return index }
        let index = sourcePriority.count
        sourceIndex[name] = index
        sourcePriority.append(priority)
        sourceStepRecords.append(0)
        return index
    }

    private func dropReason(_ sample: RawSample) -> SampleDropReason? {
        // Negated comparisons, so that a time that is not a number is refused too.
        if !(sample.start >= Self.earliestDate) { return .outOfRange }
        if sample.start > now { return .futureDate }
        let span = sample.end.timeIntervalSince(sample.start)
        if !(span >= 0) || (sample.kind == .steps && span > Self.maximumStepIntervalSeconds) { return .invalidInterval }
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

    /// The week (Mondays since 1969-12-29), bin and local week-start seconds of a local moment.
    private func locate(localSeconds seconds: Double) -> (week: Int, bin: Int, weekStartSeconds: Double) {
        let day = Int((seconds / 86_400).rounded(.down))
        let week = Int((Double(day + 3) / 7).rounded(.down))
        let weekStart = Double(week * 7 - 3) * 86_400
        let bin = min(WeekGrid.binCount - 1, max(0, Int((seconds - weekStart) / WeekGrid.binSeconds)))
        return (week, bin, weekStart)
    }

    private static func weekStart(_ week: Int) -> LocalDate {
        LocalDate(utcDate: Date(timeIntervalSince1970: Double(week * 7 - 3) * 86_400))
    }

    private mutating func spreadSteps(_ sample: RawSample, source: Int) {
        overlapsResolved = false
        sourceStepRecords[source] += 1
        let from = localSeconds(sample.start)
        let to = localSeconds(sample.end)
        var (week, bin, weekStart) = locate(localSeconds: from)
        let first = Int32(week * WeekGrid.binCount + bin)
        guard to > from else {
            addSteps(sample.value, week: week, bin: bin, source: source)
            stepSpans.append(StepSpan(first: first, last: first, source: Int32(source)))
            return
        }
        let rate = sample.value / (to - from)
        var cursor = from
        var last = first
        while cursor < to {
            let binEnd = weekStart + Double(bin + 1) * WeekGrid.binSeconds
            let segmentEnd = min(to, binEnd)
            addSteps(rate * (segmentEnd - cursor), week: week, bin: bin, source: source)
            last = Int32(week * WeekGrid.binCount + bin)
            cursor = binEnd
            bin += 1
            if bin == WeekGrid.binCount {
                (week, bin, weekStart) = (week + 1, 0, weekStart + WeekGrid.weekSeconds)
            }
        }
        stepSpans.append(StepSpan(first: first, last: last, source: Int32(source)))
    }

    private mutating func addSteps(_ value: Double, week: Int, bin: Int, source: Int) {
        weeks[week, default: Accumulator()].steps[source, default: [Double](repeating: 0, count: WeekGrid.binCount)][bin] += value
        weeks[week, default: Accumulator()].stepsTouched[source, default: [Bool](repeating: false, count: WeekGrid.binCount)][bin] = true
    }
}
