import Foundation
import Testing

/// Every fuzz campaign, one after another (they time their inputs and watch the process's memory), for
/// a short fixed budget; see `FuzzBudget` for a long run. A parser may accept or refuse an input, never
/// crash, hang or exhaust memory.
@Suite(.serialized)
struct Fuzzing {
    /// Runs `target` for the budget the environment gives and checks that it found nothing, and that the
    /// fuzzer got past the parser's door (some inputs accepted, several different outcomes).
    static func fuzz(_ target: FuzzTarget, minimumOutcomes: Int) throws {
        let budget = FuzzBudget.fromEnvironment()
        let report = try FuzzCampaign(target: target, budget: budget).run()
        print(report)
        if ProcessInfo.processInfo.environment["AUSCULT_FUZZ_DEBUG"] != nil {
            print(report.outcomes.sorted().joined(separator: "\n"))
        }
        #expect(report.findings.isEmpty, "\(report.findings.map(\.description).joined(separator: "\n"))")
        guard budget.replay == nil, budget.seconds == nil else { return }
        #expect(report.iterations == budget.iterations ?? target.defaultIterations)
        #expect(report.accepted > 0, "no input was accepted: the fuzzer never got past the parser's first checks")
        #expect(report.outcomes.count >= minimumOutcomes, "only \(report.outcomes.count) distinct outcomes: \(report.outcomes.sorted())")
    }
}
