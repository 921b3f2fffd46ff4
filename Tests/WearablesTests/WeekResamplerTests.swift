import Foundation
import Testing

@testable import Wearables

struct WeekResamplerTests {
    /// Monday 2026-03-02 00:00 local at UTC+1, as a UTC instant.
    let mondayMidnight = Date(timeIntervalSince1970: 1_772_406_000)  // 2026-03-01T23:00:00Z
    let offset = 3600

    func at(_ seconds: Double) -> Date { mondayMidnight.addingTimeInterval(seconds) }

    @Test func heartRateIsTheMeanOfTheReadingsInEachBinAndMarksItObserved() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        resampler.add(RawSample(kind: .heartRate, start: at(10), value: 60, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(100), value: 70, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(WeekGrid.binSeconds * 5 + 1), value: 80, source: "watch"))
        let weeks = resampler.weekSeries()
        let week = try #require(weeks.first)
        #expect(weeks.count == 1 && week.start == LocalDate(year: 2026, month: 3, day: 2) && week.utcOffsetSeconds == offset)
        #expect(week.heartRate[0] == 65 && week.observed[0] == 1)
        #expect(week.heartRate[5] == 80 && week.observed[5] == 1)
        #expect(week.observed.reduce(0, +) == 2)
        #expect(resampler.kept["heart_rate"] == 3)
    }

    @Test func stepsOverAnIntervalAreSpreadInProportionToTheOverlap() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        let start = at(100)
        resampler.add(RawSample(kind: .steps, start: start, end: start.addingTimeInterval(WeekGrid.binSeconds), value: 100, source: "phone"))
        let week = try #require(resampler.weekSeries().first)
        let first = 100 * (WeekGrid.binSeconds - 100) / WeekGrid.binSeconds
        #expect(abs(Double(week.steps[0]) - first) < 1e-4)
        #expect(abs(Double(week.steps[1]) - (100 - first)) < 1e-4)
        #expect(abs(week.steps.reduce(0, +) - 100) < 1e-3)
        #expect(week.observed.allSatisfy { $0 == 0 })
    }

    @Test func samplesAcrossMidnightSundayFallInTwoWeeksAtTheWearersOffset() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        resampler.add(RawSample(kind: .heartRate, start: at(-60), value: 55, source: "watch"))  // Sunday 23:59 local
        resampler.add(RawSample(kind: .heartRate, start: at(60), value: 57, source: "watch"))  // Monday 00:01 local
        // 60 steps over the two minutes around midnight: half in each week.
        resampler.add(RawSample(kind: .steps, start: at(-60), end: at(60), value: 60, source: "watch"))
        let weeks = resampler.weekSeries()
        #expect(weeks.map(\.start) == [LocalDate(year: 2026, month: 2, day: 23), LocalDate(year: 2026, month: 3, day: 2)])
        #expect(weeks[0].observed[4095] == 1 && weeks[1].observed[0] == 1)
        #expect(abs(Double(weeks[0].steps[4095]) - 30) < 1e-4 && abs(Double(weeks[1].steps[0]) - 30) < 1e-4)
    }

    @Test func outOfRangeFutureDuplicateAndBackwardSamplesAreDroppedWithTheirReason() {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(3600))
        resampler.add(RawSample(kind: .heartRate, start: at(10), value: 300, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(7200), value: 60, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(20), value: 61, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(20), value: 61, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: at(20), value: 61, source: "phone"))
        resampler.add(RawSample(kind: .steps, start: at(60), end: at(0), value: 5, source: "phone"))
        resampler.add(RawSample(kind: .steps, start: at(0), end: at(60), value: 5000, source: "phone"))
        #expect(resampler.read == ["heart_rate": 5, "steps": 2])
        #expect(resampler.kept == ["heart_rate": 2])
        #expect(resampler.dropped["heart_rate"] == ["out_of_range": 1, "future_date": 1, "duplicate": 1])
        #expect(resampler.dropped["steps"] == ["invalid_interval": 1, "out_of_range": 1])
        #expect(resampler.readBySource == ["watch": 4, "phone": 3])
    }

    @Test func overlappingStepSourcesKeepThePreferredSourcePerBinAndDropRecordsThatNeverWin() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        let bin = WeekGrid.binSeconds
        // The watch counts bins 10 and 11; the phone counts bins 10, 11 (fully overlapped) and 20 (alone).
        resampler.add(RawSample(kind: .steps, start: at(bin * 10), end: at(bin * 12), value: 200, source: "watch", priority: RawSample.wearablePriority))
        resampler.add(RawSample(kind: .steps, start: at(bin * 10), end: at(bin * 12), value: 180, source: "phone", priority: RawSample.phonePriority))
        resampler.add(RawSample(kind: .steps, start: at(bin * 20), end: at(bin * 21), value: 50, source: "phone", priority: RawSample.phonePriority))
        let week = try #require(resampler.weekSeries().first)
        #expect(abs(Double(week.steps[10]) - 100) < 1e-3 && abs(Double(week.steps[11]) - 100) < 1e-3)
        #expect(abs(Double(week.steps[20]) - 50) < 1e-3)
        #expect(abs(week.steps.reduce(0, +) - 250) < 1e-2)
        #expect(resampler.kept["steps"] == 2)
        #expect(resampler.dropped["steps"] == ["overlapping_source": 1])
        _ = resampler.weekSeries()
        #expect(resampler.kept["steps"] == 2, "resolving twice counts the drops once")
    }

    @Test func contextIntervalsMarkTheBinsWhoseMiddleTheyCoverInEveryWeekOfTheUpload() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        let bin = WeekGrid.binSeconds
        resampler.addContext("asleep", start: at(bin * 2 + 1), end: at(bin * 5))
        resampler.addContext("workout", start: at(bin * 100 + 10), end: at(bin * 100 + 20))
        resampler.add(RawSample(kind: .heartRate, start: at(86_400 * 8), value: 60, source: "watch"))
        let weeks = resampler.weekSeries()
        #expect(weeks.count == 2)
        let asleep = try #require(weeks[0].contextMasks["asleep"])
        #expect(asleep.indices.filter { asleep[$0] } == [2, 3, 4])
        let workout = try #require(weeks[0].contextMasks["workout"])
        #expect(workout.indices.filter { workout[$0] } == [100], "an interval shorter than a bin marks the bin it starts in")
        #expect(weeks[1].contextMasks["asleep"]?.contains(true) == false, "a week without sleep still says the source knew")
        #expect(resampler.contexts == ["asleep": 1, "workout": 1])
    }

    @Test func anUnfixedResamplerAdoptsTheFirstNotedOffset() throws {
        var resampler = WeekResampler(now: at(86_400 * 30))
        resampler.noteUTCOffset(offset)
        resampler.noteUTCOffset(7200)
        resampler.add(RawSample(kind: .heartRate, start: at(10), value: 60, source: "watch"))
        let week = try #require(resampler.weekSeries().first)
        #expect(week.utcOffsetSeconds == offset && week.start == LocalDate(year: 2026, month: 3, day: 2) && week.observed[0] == 1)
        #expect(resampler.notedOffsets == [offset, 7200])
    }
}

/// What one record can cost is bounded whatever the file says (inputs found by Tests/FuzzTests).
extension WeekResamplerTests {
    @Test func stepCountsOverMoreThanADayAreDroppedWithoutSpreadingThem() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        // A Google Fit step delta from 1970 to 2026 once spread over 3,000 weeks of bins, for minutes.
        resampler.add(RawSample(kind: .steps, start: Date(timeIntervalSince1970: 1e-11), end: at(60), value: 84, source: "phone"))
        resampler.add(RawSample(kind: .steps, start: at(0), end: at(86_400 + 1), value: 8000, source: "phone"))
        resampler.add(RawSample(kind: .steps, start: at(0), end: at(86_400), value: 8000, source: "phone"))
        #expect(resampler.dropped["steps"] == ["invalid_interval": 2])
        #expect(resampler.kept["steps"] == 1)
        let weeks = resampler.weekSeries()
        #expect(weeks.count == 1 && abs(weeks[0].steps.reduce(0, +) - 8000) < 0.01)
    }

    @Test func timesBefore1970AreOutOfRangeAndLongOrAncientContextsMarkNothing() throws {
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: at(86_400 * 30))
        resampler.add(RawSample(kind: .heartRate, start: Date(timeIntervalSince1970: -1e300), value: 60, source: "watch"))
        resampler.add(RawSample(kind: .heartRate, start: Date(timeIntervalSince1970: -9.2e15), value: 60, source: "watch"))
        resampler.add(RawSample(kind: .steps, start: Date(timeIntervalSince1970: -9.2e15), end: Date(timeIntervalSince1970: -9.2e15 + 60), value: 5, source: "phone"))
        resampler.add(RawSample(kind: .heartRate, start: at(10), value: 60, source: "watch"))
        resampler.addContext("asleep", start: Date(timeIntervalSince1970: -1e300), end: at(3600))
        resampler.addContext("asleep", start: at(0), end: at(3 * 86_400))
        resampler.addContext("workout", start: at(86_400 * 40), end: at(86_400 * 40 + 600))
        resampler.addContext("workout", start: at(600), end: at(1200))
        #expect(resampler.dropped == ["heart_rate": ["out_of_range": 2], "steps": ["out_of_range": 1]])
        #expect(resampler.contexts == ["asleep": 2, "workout": 2])
        let weeks = resampler.weekSeries()
        #expect(weeks.count == 1)
        #expect(weeks[0].contextMasks["asleep"]?.contains(true) == false)
        #expect(weeks[0].contextMasks["workout"]?.filter { $0 }.count == 4)
    }

    @Test func offsetsBeyondEighteenHoursAreNotAdopted() {
        var resampler = WeekResampler(now: at(86_400 * 30))
        resampler.noteUTCOffset(.max)
        resampler.noteUTCOffset(-19 * 3600)
        #expect(resampler.utcOffsetSeconds == 0 && resampler.notedOffsets.isEmpty)
        resampler.noteUTCOffset(-18 * 3600)
        #expect(resampler.utcOffsetSeconds == -18 * 3600)
    }
}
