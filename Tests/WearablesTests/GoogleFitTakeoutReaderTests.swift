import Foundation
import Testing

@testable import Wearables

struct GoogleFitTakeoutReaderTests {
    /// Monday 2026-03-02 00:00 UTC in nanoseconds.
    static let monday: Int64 = 1_772_409_600 * 1_000_000_000
    static let minute: Int64 = 60 * 1_000_000_000

    static func file(source: String, type: String, points: [(start: Int64, end: Int64, value: String)]) -> Data {
        let body = points.map { point in
            """
            {"fitValue": [{"value": {\(point.value)}}], "originDataSourceId": "", "endTimeNanos": \(point.end), \
            "dataTypeName": "\(type)", "startTimeNanos": \(point.start), "modifiedTimeMillis": 1772409600000, "rawTimestampNanos": 0}
            """
        }.joined(separator: ",\n")
        return Data("{\"Data Source\": \"\(source)\", \"Data Points\": [\(body)]}".utf8)
    }

    static let watchHeart = file(
        source: "raw:com.google.heart_rate.bpm:com.mobvoi.companion:Mobvoi:TicWatch Pro 3:1a2b:", type: "com.google.heart_rate.bpm",
        points: [(monday, monday, "\"fpVal\": 61.0"), (monday + minute, monday + minute, "\"fpVal\": 64.5"), (monday + 2 * minute, monday + 2 * minute, "\"mapVal\": []")])
    static let mergedHeart = file(
        source: "derived:com.google.heart_rate.bpm:com.google.android.gms:merge_heart_rate_bpm", type: "com.google.heart_rate.bpm",
        points: [(monday, monday, "\"fpVal\": 61.0"), (monday + minute, monday + minute, "\"fpVal\": 64.5")])
    static let watchSteps = file(
        source: "raw:com.google.step_count.delta:com.mobvoi.companion:Mobvoi:TicWatch Pro 3:1a2b:", type: "com.google.step_count.delta",
        points: [(monday + 10 * minute, monday + 11 * minute, "\"intVal\": 90")])
    static let phoneSteps = file(
        source: "raw:com.google.step_count.delta:com.google.android.gms:Google:Pixel 7:9f9f:", type: "com.google.step_count.delta",
        points: [(monday + 10 * minute, monday + 11 * minute, "\"intVal\": 84"), (monday + 600 * minute, monday + 601 * minute, "\"intVal\": 40")])
    static let mergedSteps = file(
        source: "derived:com.google.step_count.delta:com.google.android.gms:merge_step_deltas", type: "com.google.step_count.delta",
        points: [(monday + 10 * minute, monday + 11 * minute, "\"intVal\": 90")])
    static let weight = file(source: "raw:com.google.weight:com.example", type: "com.google.weight", points: [(monday, monday, "\"fpVal\": 70")])

    @Test func rawStreamsWinOverMergedOnesAndTheWatchStepsOverThePhonesWhereTheyOverlap() throws {
        let files = [("All Data/raw_hr.json", Self.watchHeart), ("All Data/derived_hr.json", Self.mergedHeart),
                     ("All Data/raw_steps_watch.json", Self.watchSteps), ("All Data/raw_steps_phone.json", Self.phoneSteps),
                     ("All Data/derived_steps.json", Self.mergedSteps), ("All Data/raw_weight.json", Self.weight)]
        let streams = try files.map { try GoogleFitTakeoutReader.describe($0.1, path: $0.0) }
        #expect(streams.map(\.kind) == [.heartRate, .heartRate, .steps, .steps, .steps, nil])
        #expect(streams[2].priority == RawSample.wearablePriority && streams[3].priority == RawSample.phonePriority)
        let (used, skipped) = GoogleFitTakeoutReader.choose(streams)
        #expect(used.map(\.path) == ["All Data/raw_hr.json", "All Data/raw_steps_watch.json", "All Data/raw_steps_phone.json"])
        #expect(skipped.map(\.path) == ["All Data/derived_hr.json", "All Data/derived_steps.json"])

        var resampler = WeekResampler(utcOffsetSeconds: 0, now: Date(timeIntervalSince1970: 2_000_000_000))
        for stream in used {
            let data = files.first { $0.0 == stream.path }!.1
            try GoogleFitTakeoutReader().read(data, stream: stream, into: &resampler)
        }
        let week = try #require(resampler.weekSeries().first)
        #expect(week.start == LocalDate(year: 2026, month: 3, day: 2))
        #expect(resampler.read == ["heart_rate": 3, "steps": 3])
        #expect(resampler.kept == ["heart_rate": 2, "steps": 2])
        #expect(resampler.dropped == ["heart_rate": ["unparsable": 1], "steps": ["overlapping_source": 1]])
        #expect(abs(week.steps.reduce(0, +) - 130) < 1e-3, "90 watch steps and the phone's 40 where the watch counted nothing")
        #expect(week.heartRate[0] == 62.75 && week.observed.reduce(0, +) == 1)
        #expect(resampler.readBySource["Mobvoi TicWatch Pro 3"] == 3, "two heart rates and the steps; the unreadable point has no source")
    }

    @Test func aFileThatIsNotAGoogleFitStreamIsRefused() {
        #expect(throws: GoogleFitTakeoutReader.Failure.notGoogleFitJSON("no \"Data Points\" array")) {
            try GoogleFitTakeoutReader.describe(Data(#"{"Data Source": "x"}"#.utf8), path: "x.json")
        }
        #expect(throws: GoogleFitTakeoutReader.Failure.notGoogleFitJSON("expected a JSON object")) {
            try GoogleFitTakeoutReader.describe(Data("[1, 2]".utf8), path: "x.json")
        }
    }
}
