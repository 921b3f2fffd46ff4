import Foundation

/// How long to fuzz, from the environment: a fixed, deterministic number of inputs per target by default
/// (`make test`), more for a long run.
///
/// - `AUSCULT_FUZZ_ITERATIONS`: inputs per target (default: each target's own short budget).
/// - `AUSCULT_FUZZ_SECONDS`: stop a target after this many seconds even if inputs remain.
/// - `AUSCULT_FUZZ_SEED`: the campaign's seed (default fixed, so every run replays the same inputs).
/// - `AUSCULT_FUZZ_SLOW_SECONDS`: one input taking longer is a finding (default 5).
/// - `AUSCULT_FUZZ_DIR`: where the current input and findings are written (default a directory in
///   the temporary directory, per process).
/// - `AUSCULT_FUZZ_REPLAY`: run only this file, through the target its name starts with (or whose
///   `Crashers/` directory holds it).
struct FuzzBudget: Sendable {
    var iterations: Int?
    var seconds: Double?
    var seed: UInt64
    var slowInputSeconds: Double
    /// Growth of the process's peak resident memory during one input that counts as a finding.
    var memoryGrowthBytes: Int
    var directory: URL
    var replay: URL?

    static let defaultSeed: UInt64 = 0x4155_5343_554C_5401

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> FuzzBudget {
        let directory = environment["AUSCULT_FUZZ_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("auscult-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        return FuzzBudget(
            iterations: environment["AUSCULT_FUZZ_ITERATIONS"].flatMap { Int($0) },
            seconds: environment["AUSCULT_FUZZ_SECONDS"].flatMap { Double($0) },
            seed: environment["AUSCULT_FUZZ_SEED"].flatMap { UInt64($0) ?? UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) }
                ?? defaultSeed,
            slowInputSeconds: environment["AUSCULT_FUZZ_SLOW_SECONDS"].flatMap { Double($0) } ?? 5,
            memoryGrowthBytes: 768 << 20,
            directory: directory,
            replay: environment["AUSCULT_FUZZ_REPLAY"].map { URL(fileURLWithPath: $0) })
    }

    /// The seed of one target's campaign: the campaign seed mixed with the target's name (FNV-1a), so
    /// targets do not share a random sequence.
    func seed(for target: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in target.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return seed ^ hash
    }
}
