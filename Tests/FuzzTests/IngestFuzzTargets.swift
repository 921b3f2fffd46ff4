import Foundation
import Server
import Wearables

/// The ingest parsers under fuzz, each driven end to end the way an upload is: the format sniffed from
/// the file's content (`ExportIngestion.detectFormat`), then the file read into weeks
/// (`ExportIngestion.read`), so a mutant that stops looking like its format is still fuzzed as whatever it
/// now looks like.
enum IngestFuzzTargets {
    /// The moment of every fuzzed ingest (2027-01-15), so later samples drop as future ones the same way each run.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func appleXML() throws -> FuzzTarget {
        FuzzTarget(
            name: "apple-xml", seeds: try FuzzSeeds.appleXML(), dictionary: FuzzSeeds.appleDictionary, maximumInputBytes: 64 << 10,
            defaultIterations: 500, run: ingest)
    }

    static func fit() throws -> FuzzTarget {
        FuzzTarget(
            name: "fit", seeds: try FuzzSeeds.fit(), dictionary: [], extraTokens: FuzzSeeds.fitTokens, maximumInputBytes: 16 << 10,
            defaultIterations: 500, repair: FuzzSeeds.repairFIT, run: ingest)
    }

    static func fitbit() -> FuzzTarget {
        FuzzTarget(
            name: "fitbit", seeds: FuzzSeeds.fitbit(), dictionary: FuzzSeeds.jsonDictionary, maximumInputBytes: 16 << 10,
            defaultIterations: 500, structuralMutation: { bytes, random in JSONValueMutator.mutate(bytes, &random) }, run: ingest)
    }

    static func googleFit() -> FuzzTarget {
        FuzzTarget(
            name: "google-fit", seeds: FuzzSeeds.googleFit(), dictionary: FuzzSeeds.jsonDictionary, maximumInputBytes: 16 << 10,
            defaultIterations: 500, structuralMutation: { bytes, random in JSONValueMutator.mutate(bytes, &random) }, run: ingest)
    }

    static func csv() -> FuzzTarget {
        FuzzTarget(
            name: "csv", seeds: FuzzSeeds.csvSeeds(), dictionary: FuzzSeeds.csvDictionary, maximumInputBytes: 16 << 10,
            defaultIterations: 300, run: ingest)
    }

    static func archive() throws -> FuzzTarget {
        let files = [Array(FuzzSeeds.appleExport.utf8), try FuzzSeeds.sharedExport("garmin-vivofit-monitoring.fit"), Array(FuzzSeeds.csv.utf8)]
            + FuzzSeeds.fitbit() + FuzzSeeds.googleFit()
        return FuzzTarget(
            name: "archive", seeds: try FuzzSeeds.archives(), dictionary: [], extraTokens: FuzzSeeds.zipTokens,
            maximumInputBytes: 32 << 10, defaultIterations: 500,
            structuralMutation: { bytes, random in ZipArchiveMutator.mutate(bytes, &random, extraFiles: files) }, run: ingest)
    }

    /// Sniffs and reads the file as an upload is, checks the weeks against what the resampler promises,
    /// and describes the result.
    @Sendable static func ingest(_ bytes: [UInt8], file: URL) throws -> String {
        let format = try ExportIngestion.detectFormat(fileAt: file)
        let outcome = try ExportIngestion.read(fileAt: file, format: format, options: IngestOptions(now: now))
        try checkWeeks(outcome.weeks)
        let report = outcome.report
        let dropped = report.dropped.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.keys.sorted())" }
        return "\(format.rawValue) weeks \(min(outcome.weeks.count, 3)) kept \(report.kept.keys.sorted()) dropped \(dropped) "
            + "contexts \(report.contexts.keys.sorted()) device \(report.device != nil)"
    }

    /// Every week has 4,096 bins per channel, heart rate only where observed and within the kept range,
    /// finite non-negative steps, and a coverage fraction.
    static func checkWeeks(_ weeks: [WeekSeries]) throws {
        let range = Float(WeekResampler.heartRateRange.lowerBound) * 0.999...Float(WeekResampler.heartRateRange.upperBound) * 1.001
        for week in weeks {
            let lengths = [week.heartRate.count, week.steps.count, week.observed.count] + week.contextMasks.values.map(\.count)
            guard lengths.allSatisfy({ $0 == WeekGrid.binCount }) else {
                throw FuzzViolation(message: "week \(week.start) has channels of \(lengths) bins")
            }
            for bin in 0..<WeekGrid.binCount {
                let heartRate = week.heartRate[bin]
                guard week.observed[bin] == 1 ? range.contains(heartRate) : (week.observed[bin] == 0 && heartRate == 0) else {
                    throw FuzzViolation(message: "week \(week.start) bin \(bin): heart rate \(heartRate), observed \(week.observed[bin])")
                }
                guard week.steps[bin].isFinite, week.steps[bin] >= 0 else {
                    throw FuzzViolation(message: "week \(week.start) bin \(bin): \(week.steps[bin]) steps")
                }
            }
            guard (0...1).contains(week.coverage) else { throw FuzzViolation(message: "week \(week.start): coverage \(week.coverage)") }
        }
    }
}
