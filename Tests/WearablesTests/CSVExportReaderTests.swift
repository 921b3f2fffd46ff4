import Foundation
import Testing

@testable import Wearables

struct CSVExportReaderTests {
    @Test func readsRowsInAnyColumnOrderAtTheFirstTimestampsOffset() throws {
        let text = """
            steps,timestamp,heart_rate,note
            12,2026-03-02T00:00:30+01:00,61,first
            ,2026-03-02T00:01:00+01:00,63,
            5,2026-03-02T00:10:00.500+01:00,,
            x,2026-03-02T00:11:00+01:00,64,
            3,yesterday,70,
            """
        let offset = try #require(CSVExportReader.firstOffset(in: text))
        #expect(offset == 3600)
        var resampler = WeekResampler(utcOffsetSeconds: offset, now: Date(timeIntervalSince1970: 1_900_000_000))
        try CSVExportReader().read(text, into: &resampler)
        #expect(resampler.read == ["heart_rate": 4, "steps": 4])
        #expect(resampler.kept == ["heart_rate": 3, "steps": 2])
        #expect(resampler.dropped["steps"] == ["unparsable": 2])
        #expect(resampler.dropped["heart_rate"] == ["unparsable": 1])
        let week = try #require(resampler.weekSeries().first)
        #expect(week.start == LocalDate(year: 2026, month: 3, day: 2))
        #expect(week.heartRate[0] == 62 && week.steps[0] == 12)  // 00:00:30 and 00:01:00 share bin 0
        #expect(week.steps[Int(600.5 / WeekGrid.binSeconds)] == 5)
    }

    @Test func aHeaderWithoutTheColumnsIsRefusedNamingWhatItFound() {
        var resampler = WeekResampler(utcOffsetSeconds: 0)
        #expect(throws: CSVExportReader.Failure.missingColumns(found: ["time", "bpm"])) {
            try CSVExportReader().read("time,bpm\n2026-03-02T00:00:00Z,60\n", into: &resampler)
        }
        #expect(CSVExportReader.firstOffset(in: "timestamp,heart_rate\n2026-03-02T00:00:00Z,60\n") == 0)
        #expect(CSVExportReader.firstOffset(in: "timestamp,heart_rate\n2026-03-02T00:00:00-05:30,60\n") == -19_800)
    }
}
