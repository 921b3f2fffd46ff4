import Foundation
import NeuralEngine
import Testing

@testable import Inspection

struct SemanticUnitAccumulatorTests {
    static let bins = 64
    static let steps = 16

    /// A context covering bins [16, 40) of each week: steps 4 … 9 of 16 are inside.
    static let mask = (0..<bins).map { (16..<40).contains($0) }

    /// Three units: the step mask plus noise, its negation, and a constant.
    static func week(_ rng: inout SplitMix64) -> [String: UnitTimeMatrix] {
        let inside = (0..<steps).map { (4..<10).contains($0) ? Float(1) : 0 }
        let tracking = inside.map { $0 + Float.random(in: -0.3...0.3, using: &rng) }
        return ["features": UnitTimeMatrix(units: 3, steps: steps, values: tracking + tracking.map { -$0 } + Array(repeating: 0.25, count: steps))]
    }

    static func report(weeks: Int = 5) throws -> SemanticUnitReport {
        var rng = SplitMix64(seed: 3)
        var accumulator = SemanticUnitAccumulator(context: "asleep", tensors: [(name: "features", layout: .ntc)])
        for _ in 0..<weeks { try accumulator.add(week: week(&rng), mask: mask) }
        return accumulator.report()
    }

    @Test func findsAUnitThatTracksTheContextAndItsNegation() throws {
        let report = try Self.report()
        let byUnit = Dictionary(uniqueKeysWithValues: report.units.map { ($0.unit, $0) })
        let tracking = try #require(byUnit[0]), negated = try #require(byUnit[1])
        #expect(tracking.auroc > 0.95 && tracking.direction == "higher_in_context")
        #expect(negated.auroc < 0.05 && negated.direction == "lower_in_context")
        #expect(abs(tracking.separation - negated.separation) < 1e-12)
        #expect(tracking.pointBiserial > 0.9 && negated.pointBiserial < -0.9)
        #expect(tracking.meanInside > 0.9 && abs(tracking.meanOutside) < 0.1)
        #expect(report.positionsInside == 5 * 6 && report.positionsOutside == 5 * 10)
    }

    @Test func givesAConstantUnitExactlyHalfAndRanksItLast() throws {
        let report = try Self.report()
        let constant = try #require(report.units.last)
        #expect(constant.unit == 2)
        #expect(constant.auroc == 0.5 && constant.direction == "none" && constant.separation == 0 && constant.pointBiserial == 0)
        #expect(report.tensors[0].bestUnit == 0)
        #expect(try Self.report().units.count == 3)
    }

    @Test func keepsOnlyTheTopUnitsWhenAsked() throws {
        var rng = SplitMix64(seed: 3)
        var accumulator = SemanticUnitAccumulator(context: "asleep", tensors: [(name: "features", layout: .ntc)])
        try accumulator.add(week: Self.week(&rng), mask: Self.mask)
        #expect(accumulator.report(top: 2).units.map(\.unit) == [0, 1])
    }

    @Test func countsAStepInsideWhenAtLeastHalfOfItsBinsAre() {
        let mask = [true, false, false, false, true, true, false, false, true, true, true, false]
        #expect(SemanticUnitAccumulator.stepMask(mask, steps: 3) == [false, true, true])
        #expect(SemanticUnitAccumulator.stepMask(mask, steps: 12) == mask)
    }

    @Test func agreesWithTheMidRankAUROCOnRandomDataWithTies() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let count = Int.random(in: 2...300, using: &rng)
            let scores = (0..<count).map { _ in Float(Int.random(in: 0...20, using: &rng)) / 4 }
            var inside = (0..<count).map { _ in Bool.random(using: &rng) }
            inside[0] = true
            inside[1] = false
            let merged = try #require(BinaryClassificationMetrics.auroc(scores: scores, inside: inside))
            let ranked = try #require(BinaryClassificationMetrics.auroc(scores: scores, labels: inside.map { $0 ? 1 : 0 }))
            #expect(abs(merged - ranked) < 1e-12, "\(merged) vs \(ranked)")
        }
        #expect(BinaryClassificationMetrics.auroc(scores: [1, 2], inside: [true, true]) == nil)
    }

    @Test func rejectsAMaskShorterThanTheSteps() throws {
        var rng = SplitMix64(seed: 3)
        var accumulator = SemanticUnitAccumulator(context: "asleep", tensors: [(name: "features", layout: .ntc)])
        #expect(throws: ActivationInputError.maskTooShort(tensor: "features", maskLength: 8, steps: 16)) {
            try accumulator.add(week: Self.week(&rng), mask: Array(repeating: true, count: 8))
        }
        #expect(accumulator.weeks == 0)
    }

    @Test func roundTripsThroughSnakeCaseJSON() throws {
        let report = try Self.report()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(report)
        #expect(String(decoding: data, as: UTF8.self).contains("\"best_auroc\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(SemanticUnitReport.self, from: data) == report)
    }
}
