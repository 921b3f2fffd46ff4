import Foundation
import Testing

@testable import Wearables

struct FitbitExportReaderTests {
    let heartRate = """
        [{"dateTime" : "03/02/26 07:00:10", "value" : {"bpm" : 64, "confidence" : 2}},
         {"dateTime" : "03/02/26 07:00:20", "value" : {"bpm" : 66, "confidence" : 3}},
         {"dateTime" : "13/45/26 07:00:30", "value" : {"bpm" : 66, "confidence" : 3}},
         {"dateTime" : "03/02/26 07:00:40", "value" : {"confidence" : 3}}]
        """
    let steps = """
        [{"dateTime" : "03/02/26 07:01:00", "value" : "51"},
         {"dateTime" : "03/02/26 07:02:00", "value" : "many"}]
        """

    @Test func readsHeartRateAndStepFilesAsUTCAndCountsWhatItCannotRead() throws {
        #expect(try FitbitExportReader.kind(of: Data(heartRate.utf8)) == .heartRate)
        #expect(try FitbitExportReader.kind(of: Data(steps.utf8)) == .steps)
        var resampler = WeekResampler(utcOffsetSeconds: 3600, now: Date(timeIntervalSince1970: 1_900_000_000))
        try FitbitExportReader().read(Data(heartRate.utf8), into: &resampler)
        try FitbitExportReader().read(Data(steps.utf8), into: &resampler)
        #expect(resampler.kept == ["heart_rate": 2, "steps": 1])
        #expect(resampler.dropped["heart_rate"] == ["unparsable": 2])
        #expect(resampler.dropped["steps"] == ["unparsable": 1])
        let week = try #require(resampler.weekSeries().first)
        // 07:00 UTC is 08:00 local at UTC+1 on Monday 2026-03-02.
        let bin = Int(8 * 3600 / WeekGrid.binSeconds)
        #expect(week.start == LocalDate(year: 2026, month: 3, day: 2))
        #expect(week.heartRate[bin] == 65 && week.observed[bin] == 1)
        #expect(abs(week.steps.reduce(0, +) - 51) < 1e-3)
    }

    @Test func otherJSONIsRefusedWithTheReason() {
        #expect(throws: FitbitExportReader.Failure.notFitbitJSON("expected a JSON array of objects")) {
            try FitbitExportReader.kind(of: Data(#"{"bpm": 60}"#.utf8))
        }
        #expect(throws: FitbitExportReader.Failure.notFitbitJSON("the array is empty")) {
            try FitbitExportReader.kind(of: Data("[]".utf8))
        }
    }

    /// Found by Tests/FuzzTests: `2000 + year` overflowed on a year of Int.max.
    @Test func aYearOfMoreThanTwoDigitsIsUnparsableNotACrash() throws {
        #expect(FitbitExportReader.date("03/09/9223372036854775807 23:59:59") == nil)
        #expect(FitbitExportReader.date("03/09/-1 23:59:59") == nil)
        #expect(FitbitExportReader.date("03/09/99 23:59:59") == Date(timeIntervalSince1970: 4_076_783_999))
        var resampler = WeekResampler(utcOffsetSeconds: 0, now: Date(timeIntervalSince1970: 1_900_000_000))
        try FitbitExportReader().read(Data(#"[{"dateTime": "03/09/9223372036854775807 23:59:59", "value": {"bpm": 70}}]"#.utf8), into: &resampler)
        #expect(resampler.dropped["heart_rate"] == ["unparsable": 1])
    }
}
