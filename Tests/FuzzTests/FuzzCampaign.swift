import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one target for a budget: every input is written to `<directory>/<target>.input` before it is
/// parsed, so after a crash (a trap ends the process) that file holds the input that caused it.
struct FuzzCampaign {
    struct Finding: Sendable, CustomStringConvertible {
        enum Kind: String, Sendable {
            case slow
            case memory
            /// The parser returned something that breaks what its callers rely on (`FuzzViolation`).
            case violation
        }

        var kind: Kind
        var detail: String
        /// Where the input is kept.
        var input: URL

        var description: String { "\(kind.rawValue) input (\(detail)), kept at \(input.path)" }
    }

    struct Report: Sendable, CustomStringConvertible {
        var target: String
        var iterations = 0
        var seconds = 0.0
        /// Inputs the parser accepted (returned rather than threw).
        var accepted = 0
        /// Distinct outcomes seen: what the parser made of an input, or the kind of error it threw.
        var outcomes: Set<String> = []
        var corpusSize = 0
        var slowestSeconds = 0.0
        var findings: [Finding] = []

        var inputsPerSecond: Double { seconds > 0 ? Double(iterations) / seconds : 0 }

        var description: String {
            "fuzz \(target): \(iterations) inputs in \(String(format: "%.1f", seconds)) s "
                + "(\(Int(inputsPerSecond.rounded())) per s), \(accepted) accepted, \(outcomes.count) distinct outcomes, "
                + "corpus \(corpusSize), slowest input \(Int((slowestSeconds * 1000).rounded())) ms, "
                + "\(findings.count) findings"
        }
    }

    let target: FuzzTarget
    let budget: FuzzBudget

    /// Fuzzes the target, or replays `budget.replay` when it names one of this target's inputs.
    func run() throws -> Report {
        try FileManager.default.createDirectory(at: budget.directory, withIntermediateDirectories: true)
        let current = budget.directory.appendingPathComponent("\(target.name).input")
        var report = Report(target: target.name)
        if let replay = budget.replay {
            let ofThisTarget = replay.lastPathComponent.hasPrefix(target.name) || replay.deletingLastPathComponent().lastPathComponent == target.name
            guard ofThisTarget else { return report }
            try runOne([UInt8](Data(contentsOf: replay)), file: current, report: &report)
            return report
        }
        print("fuzz \(target.name): seed \(budget.seed); each input is written to \(current.path) before it is parsed; after a "
            + "crash, copy it and replay it with AUSCULT_FUZZ_REPLAY=<copy named \(target.name)-….input> swift test --filter FuzzTests")
        var fuzzer = MutationFuzzer(
            seeds: target.seeds, dictionary: target.dictionary, maximumSize: target.maximumInputBytes,
            seed: budget.seed(for: target.name))
        let iterations = budget.iterations ?? target.defaultIterations
        let started = ContinuousClock.now
        for iteration in 0..<iterations {
            if let seconds = budget.seconds, (ContinuousClock.now - started).seconds > seconds { break }
            // Every seed runs as it is first, then mutants.
            var input: [UInt8]
            if iteration < target.seeds.count {
                input = fuzzer.corpus[iteration]
            } else if let structural = target.structuralMutation, fuzzer.random.chance(1, in: 2),
                let mutant = structural(fuzzer.randomCorpusEntry(), &fuzzer.random)
            {
                input = Array(mutant.prefix(target.maximumInputBytes))
            } else {
                input = fuzzer.nextInput()
            }
            if let repair = target.repair, iteration >= target.seeds.count, !fuzzer.random.chance(1, in: 8) {
                input = Array(repair(input, &fuzzer.random).prefix(target.maximumInputBytes))
            }
            let isNew = try runOne(input, file: current, report: &report)
            if isNew && iteration >= target.seeds.count { fuzzer.keep(input) }
        }
        report.seconds = (ContinuousClock.now - started).seconds
        report.corpusSize = fuzzer.corpus.count
        try? FileManager.default.removeItem(at: current)
        return report
    }

    /// Runs one input; true when its outcome was not seen before.
    @discardableResult
    private func runOne(_ input: [UInt8], file: URL, report: inout Report) throws -> Bool {
        try Data(input).write(to: file)
        let peakBefore = Self.peakResidentBytes()
        let started = ContinuousClock.now
        let outcome: String
        do {
            outcome = "ok " + (try target.run(input, file))
            report.accepted += 1
        } catch let violation as FuzzViolation {
            report.findings.append(try keep(input, .violation, detail: violation.message, count: report.findings.count))
            outcome = "violation"
        } catch {
            outcome = Self.signature(of: error)
        }
        let seconds = (ContinuousClock.now - started).seconds
        let growth = Self.peakResidentBytes() - peakBefore
        report.iterations += 1
        report.slowestSeconds = max(report.slowestSeconds, seconds)
        if seconds > budget.slowInputSeconds {
            report.findings.append(try keep(input, .slow, detail: String(format: "%.1f s", seconds), count: report.findings.count))
        }
        if growth > budget.memoryGrowthBytes {
            report.findings.append(try keep(input, .memory, detail: "peak memory grew by \(growth >> 20) MiB", count: report.findings.count))
        }
        return report.outcomes.insert(outcome).inserted
    }

    private func keep(_ input: [UInt8], _ kind: Finding.Kind, detail: String, count: Int) throws -> Finding {
        let url = budget.directory.appendingPathComponent("\(target.name)-\(kind.rawValue)-\(count).input")
        try Data(input).write(to: url)
        return Finding(kind: kind, detail: detail, input: url)
    }

    /// An error's kind for noticing new behaviour: its type and the start of its message without the
    /// words that hold digits (so that offsets, counts and checksums do not make every error new).
    static func signature(of error: any Error) -> String {
        let words = "\(type(of: error)) \(error)".split(separator: " ").filter { !$0.contains(where: \.isNumber) }
        return String(words.joined(separator: " ").prefix(72))
    }

    /// The process's peak resident memory so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #else
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
        #endif
    }
}

/// Thrown by a target whose parser returned a result that breaks a promise (a week of the wrong length, a
/// heart rate outside the range kept): a finding, not an ordinary refusal.
struct FuzzViolation: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
