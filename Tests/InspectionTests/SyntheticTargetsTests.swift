import Foundation
import Testing

@testable import Inspection

/// Hand-built weeks whose synthetic values are known exactly.
struct SyntheticTargetsTests {
    static let bins = SequenceInputEncoding.binCount
    static let binMinutes = 147.65625 / 60

    /// A week observed where `heartRate` gives a value (nil = unobserved, stored as 0).
    static func week(
        heartRate: (Int) -> Float?, steps: (Int) -> Float = { _ in 10 }, masks: [String: [Bool]] = [:]
    ) -> SyntheticWeek {
        let rates = (0..<bins).map(heartRate)
        return SyntheticWeek(heartRate: rates.map { $0 ?? 0 }, steps: (0..<bins).map(steps),
                             observed: rates.map { $0 == nil ? 0 : 1 }, contextMasks: masks)
    }

    /// The first `count` bins of `mask` alternate `low`/`high` (population std (high − low) / 2); nil elsewhere.
    static func alternating(_ mask: [Bool], count: Int, low: Float, high: Float) -> [Int: Float] {
        let chosen = mask.indices.filter { mask[$0] }.prefix(count)
        return Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($0.element, $0.offset.isMultiple(of: 2) ? low : high) })
    }

    static func mask(_ ranges: Range<Int>...) -> [Bool] {
        (0..<bins).map { bin in ranges.contains { $0.contains(bin) } }
    }

    @Test func binsBelongToAWindowByTheLocalTimeAtTheirMidpoint() {
        let day = LocalHourWindow(startHour: 8, endHour: 20), night = LocalHourWindow(startHour: 0, endHour: 6)
        let late = LocalHourWindow(startHour: 22, endHour: 6)
        #expect(!day.binMask[194] && day.binMask[195])  // midpoints 07:58.7 and 08:01.1
        #expect(night.binMask[0] && night.binMask[145] && !night.binMask[146])  // 05:58.1 and 06:00.5
        #expect(!late.binMask[535] && late.binMask[536] && late.binMask[600] && late.binMask[730])  // 21:57.9, 22:00.3
        #expect(late.contains(hour: 23.5) && late.contains(hour: 3) && !late.contains(hour: 12) && !late.contains(hour: 6))
        #expect(LocalHourWindow(startHour: 5, endHour: 5).binMask.allSatisfy { !$0 })
        #expect(LocalHourWindow(startHour: 0, endHour: 24).binMask.allSatisfy { $0 })
        #expect(late.label == "22:00–06:00" && LocalHourWindow(startHour: 7.5, endHour: 9.25).label == "07:30–09:15")
    }

    /// Day 60/80 (std 10), night 50/54 (std 2); bins in neither window hold 150 and must not count as day.
    @Test func stdDayMinusNightUsesBothWindowsOnly() throws {
        let options = SyntheticTaskOptions()
        let day = Self.alternating(options.dayWindow.binMask, count: 100, low: 60, high: 80)
        let night = Self.alternating(options.nightWindow.binMask, count: 100, low: 50, high: 54)
        let dayMask = options.dayWindow.binMask, nightMask = options.nightWindow.binMask
        let week = Self.week { bin in
            if let rate = day[bin] ?? night[bin] { return rate }
            return dayMask[bin] || nightMask[bin] ? nil : (bin.isMultiple(of: 3) ? 150 : 40)
        }
        let result = SyntheticTargets.value(.stdDayMinusNight, week: week)
        #expect(abs(try #require(result.value) - 8) < 1e-9)
        #expect(result.unit == "bpm" && result.reason == nil && result.binsUsed == 200)
        #expect(result.counts == ["day_bins": 100, "night_bins": 100])
    }

    /// Night readings only between 22:00 and midnight: the default night (00–06) has none; 22–06 finds them.
    @Test func nightWindowMayWrapMidnight() throws {
        let late = LocalHourWindow(startHour: 22, endHour: 24)
        let day = Self.alternating(SyntheticTaskOptions().dayWindow.binMask, count: 100, low: 60, high: 80)
        let evening = Self.alternating(late.binMask, count: 100, low: 50, high: 54)
        let week = Self.week { day[$0] ?? evening[$0] }
        let byDefault = SyntheticTargets.value(.stdDayMinusNight, week: week)
        #expect(byDefault.value == nil)
        #expect(byDefault.reason == "too few observed bins: the night window (00:00–06:00) has 0 observed bins; 10 needed in each")
        let wrapped = SyntheticTaskOptions(nightWindow: LocalHourWindow(startHour: 22, endHour: 6))
        #expect(abs(try #require(SyntheticTargets.value(.stdDayMinusNight, week: week, options: wrapped).value) - 8) < 1e-9)
    }

    /// A missing bin stored as 0 inside the day window must not count as a heart rate of 0.
    @Test func stdDayMinusNightIgnoresUnobservedBinsAndNamesTheShortWindow() throws {
        let options = SyntheticTaskOptions()
        let day = Self.alternating(options.dayWindow.binMask, count: 8, low: 60, high: 80)
        let night = Self.alternating(options.nightWindow.binMask, count: 100, low: 50, high: 54)
        let short = SyntheticTargets.value(.stdDayMinusNight, week: Self.week { day[$0] ?? night[$0] })
        #expect(short.value == nil && short.counts == ["day_bins": 8, "night_bins": 100])
        #expect(short.reason == "too few observed bins: the day window (08:00–20:00) has 8 observed bins; 10 needed in each")
        let lenient = SyntheticTaskOptions(minimumBins: 8)
        let value = SyntheticTargets.value(.stdDayMinusNight, week: Self.week { day[$0] ?? night[$0] }, options: lenient).value
        #expect(abs(try #require(value) - 8) < 1e-9)
        let empty = SyntheticTargets.value(.stdDayMinusNight, week: Self.week { _ in nil })
        #expect(empty.reason?.contains("day window (08:00–20:00) has 0") == true)
        #expect(empty.reason?.contains("night window (00:00–06:00) has 0") == true)
    }

    /// Still bins 1000..<1100 (17:03–21:06 on Tuesday) hold 60 + (bin − 1000); the first four lack a
    /// still past, so 96 qualify (64 … 159) and the lowest 10 (64 … 73) average 68.5.
    static func restingWeek(masks: [String: [Bool]] = [:]) -> SyntheticWeek {
        week(heartRate: { bin in (1000..<1100).contains(bin) ? Float(60 + bin - 1000) : 100 },
             steps: { (1000..<1100).contains($0) ? 0 : 10 }, masks: masks)
    }

    @Test func restingHeartRateAveragesTheLowestTenthOfStillAwakeBins() throws {
        let plain = SyntheticTargets.value(.restingHeartRate, week: Self.restingWeek())
        #expect(plain.value == 68.5 && plain.binsUsed == 96 && plain.counts == ["qualifying_bins": 96, "lowest_bins": 10])
        // Asleep 1004..<1010 and a workout at 1010..<1012 drop 8 bins: 88 qualify (72 … 159), lowest 9 average 76.
        let masked = SyntheticTargets.value(
            .restingHeartRate, week: Self.restingWeek(masks: ["asleep": Self.mask(1004..<1010), "workout": Self.mask(1010..<1012)]))
        #expect(masked.value == 76 && masked.binsUsed == 88)
    }

    @Test func restingHeartRateNeedsEnoughStillBins() {
        let result = SyntheticTargets.value(.restingHeartRate, week: Self.restingWeek(), options: .init(restingMinimumBins: 97))
        #expect(result.value == nil && result.counts["qualifying_bins"] == 96)
        #expect(result.reason?.hasPrefix("only 96 observed still, awake bins") == true)
    }

    /// Resting 60 (still bins 1000..<1100), so recovered at 75 bpm or below; four workouts: recovered after
    /// 10 bins, recovered after 3 bins (exactly at 75; the bins before unobserved), censored (never
    /// below 75 within 180 min), cut short by the week's end.
    @Test func heartRateRecoveryAveragesMeasuredEpisodesAndCountsTheRest() throws {
        let workout = Self.mask(2000..<2010, 3000..<3005, 3500..<3510, 4090..<4096)
        let week = Self.week(heartRate: { bin in
            switch bin {
            case 1000..<1100: 60
            case 2020, 3008: bin == 2020 ? 65 : 75
            case 3005..<3008: nil
            case _ where workout[bin]: 150
            default: 100
            }
        }, steps: { (1000..<1100).contains($0) ? 0 : 10 }, masks: ["workout": workout])
        let result = SyntheticTargets.value(.heartRateRecovery, week: week)
        let expected = (10 + 3) * Self.binMinutes / 2
        #expect(abs(try #require(result.value) - expected) < 1e-12, "\(result)")
        #expect(result.unit == "min" && result.binsUsed == 12)
        #expect(result.counts == ["episodes": 4, "measured": 2, "censored": 1, "cut_short": 1])
    }

    @Test func heartRateRecoverySaysWhyItIsMissing() {
        let noMask = SyntheticTargets.value(.heartRateRecovery, week: Self.restingWeek())
        #expect(noMask.value == nil && noMask.reason?.contains("no workout mask") == true)
        let noWorkout = SyntheticTargets.value(.heartRateRecovery, week: Self.restingWeek(masks: ["workout": Self.mask()]))
        #expect(noWorkout.reason == "no workout in the week")
        let neverRecovers = SyntheticTargets.value(.heartRateRecovery, week: Self.restingWeek(masks: ["workout": Self.mask(2000..<2010)]))
        #expect(neverRecovers.value == nil && neverRecovers.counts["censored"] == 1)
        #expect(neverRecovers.reason?.contains("none of the 1 workout episodes") == true)
        let noRest = SyntheticTargets.value(.heartRateRecovery, week: Self.week(heartRate: { _ in 70 }, masks: ["workout": Self.mask(9..<12)]))
        #expect(noRest.reason?.hasPrefix("no resting heart rate to recover to: only 0 observed") == true)
    }

    /// Day d (from Monday) is still for `stillBins[d]` bins from 300 bins after its start (≈ 12:18) at
    /// `levels[d]` bpm; the first 4 of each run lack a still past, so days with 50 still bins have 46
    /// qualifying (a resting rate of exactly their level) and days with 20 have 16 (too few for one).
    static func dailyRestingWeek(levels: [Float], stillBins: [Int]) -> SyntheticWeek {
        let runs = (0..<7).map { day -> Range<Int> in
            let start = Int(Double(day) * Double(bins) / 7) + 300
            return start..<(start + stillBins[day])
        }
        func day(of bin: Int) -> Int? { runs.firstIndex { $0.contains(bin) } }
        return week(heartRate: { bin in day(of: bin).map { levels[$0] } ?? 100 }, steps: { day(of: $0) == nil ? 10 : 0 })
    }

    @Test func restingHeartRateRangeComparesTheDaysThatHaveARestingRate() throws {
        let week = Self.dailyRestingWeek(levels: [60, 62, 75, 64, 61, 40, 90], stillBins: [50, 50, 50, 50, 50, 20, 20])
        let result = SyntheticTargets.value(.restingHeartRateRange, week: week)
        #expect(result.value == 15 && result.unit == "bpm", "\(result)")
        #expect(result.counts == ["qualifying_bins": 5 * 46 + 2 * 16, "days": 5])
        let strict = SyntheticTargets.value(.restingHeartRateRange, week: week, options: .init(rangeMinimumDays: 6))
        #expect(strict.value == nil && strict.counts["days"] == 5)
        #expect(strict.reason?.hasPrefix("only 5 days have 30 observed still, awake bins") == true, "\(strict.reason ?? "")")
        #expect(strict.reason?.hasSuffix("6 days needed") == true)
        #expect(SyntheticTaskOptions(rangeMinimumDays: 1).invalidReason != nil)
    }

    @Test func optionsDecodeFromAnySubsetOfFields() throws {
        let json = #"{"nightWindow": {"startHour": 22, "endHour": 6}, "minimumBins": 5}"#
        let options = try JSONDecoder().decode(SyntheticTaskOptions.self, from: Data(json.utf8))
        #expect(options == SyntheticTaskOptions(nightWindow: .init(startHour: 22, endHour: 6), minimumBins: 5))
        #expect(options.invalidReason == nil)
        #expect(SyntheticTaskOptions(dayWindow: .init(startHour: 8, endHour: 25)).invalidReason != nil)
        #expect(SyntheticTask.allCases.map(\.rawValue) == ["std_day_minus_night", "resting_hr", "hr_recovery", "resting_hr_range"])
    }
}
