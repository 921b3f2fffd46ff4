import Foundation
import NeuralEngine
import Testing

@testable import Inspection

struct UnitScanAccumulatorTests {
    static let steps = 16

    /// A unit × steps matrix from one closure per unit.
    static func matrix(_ units: [(Int) -> Float]) -> UnitTimeMatrix {
        UnitTimeMatrix(units: units.count, steps: steps, values: units.flatMap { unit in (0..<steps).map(unit) })
    }

    static func scan(_ tensors: [UnitScanTensor], weeks: Int, _ week: (Int) -> [String: UnitTimeMatrix]) throws -> UnitScanReport {
        var accumulator = UnitScanAccumulator(tensors: tensors)
        for index in 0..<weeks { try accumulator.add(week: week(index)) }
        return accumulator.report()
    }

    /// Population standard deviation in Float64.
    static func std(_ values: some Collection<Double>) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
    }

    @Test func reportsADeadReLUUnitAndOnlyThatUnit() throws {
        let report = try Self.scan([UnitScanTensor(name: "act", layout: .nct, activity: .positive)], weeks: 3) { week in
            ["act": Self.matrix([{ Float($0 + week) }, { _ in 0 }, { max(0, sin(Float($0))) }])]
        }
        let act = report.tensors[0]
        #expect(act.deadUnits == [1])
        #expect(act.staticUnits.isEmpty)
        #expect(act.verdicts == ["dead_unit"])
        #expect(act.unitStatistics.map(\.verdict) == [nil, "dead_unit", nil])
        #expect(report.findings.map(\.code) == ["dead_unit"])
        #expect(report.findings[0].units == [1])
        #expect(report.findings[0].message == "act: 1 of 3 units (1) are 0 (never above 1e-06) at every one of 48 positions over 3 weeks")
    }

    @Test func reportsADeadLayerAndTheTensorAfterItEmittingItsBias() throws {
        let tensors = [
            UnitScanTensor(name: "act2", layout: .nct, activity: .positive),
            UnitScanTensor(name: "conv3", layout: .nct, activity: .nonZero, upstream: ["act2"]),
            UnitScanTensor(name: "act3", layout: .nct, activity: .positive, upstream: ["conv3"]),
        ]
        let report = try Self.scan(tensors, weeks: 4) { _ in
            ["act2": Self.matrix([{ _ in 0 }, { _ in -0.5 }]), "conv3": Self.matrix([{ _ in 0.3 }, { _ in -0.2 }, { _ in 0.7 }]),
             "act3": Self.matrix([{ _ in 0.3 }, { _ in 0 }, { _ in 0.7 }])]
        }
        #expect(report.tensors[0].verdicts == ["dead_layer"])
        #expect(report.tensors[0].deadUnits == [0, 1])
        #expect(report.tensors[1].verdicts == ["emits_bias"])
        #expect(report.tensors[1].staticUnits == [0, 1, 2])
        #expect(report.findings.map(\.code) == ["dead_layer", "emits_bias", "dead_unit", "static_unit"])
        let deadLayer = report.findings[0]
        #expect(deadLayer.message == "act2: all 2 units are 0 (never above 1e-06) at every one of 64 positions over 4 weeks")
        #expect(deadLayer.likelyCause.contains("learning-rate spike"))
        #expect(deadLayer.fix.contains("LeakyReLU"))
        let emitsBias = report.findings[1]
        #expect(emitsBias.tensor == "conv3" && emitsBias.units == [0, 1, 2])
        #expect(emitsBias.likelyCause == "its input layer act2 is dead, so it outputs its bias terms")
        #expect(emitsBias.fix == "repair act2")
        // act3 = ReLU(conv3): not downstream of a dead layer itself, but its dead unit is explained by its constant input.
        #expect(report.tensors[2].deadUnits == [1] && report.tensors[2].staticUnits == [0, 2])
        #expect(report.findings[2].likelyCause.hasPrefix("its input conv3 does not change over time"))
        #expect(report.findings[2].fix == "repair conv3 first")
    }

    @Test func callsAUnitConstantInTimeButShiftingAcrossWeeksStaticAndLeavesAVaryingUnitAlone() throws {
        let report = try Self.scan([UnitScanTensor(name: "features", layout: .ntc)], weeks: 5) { week in
            ["features": Self.matrix([{ _ in Float(week) + 1 }, { Float($0 % 3) - 1 }])]
        }
        let features = report.tensors[0]
        #expect(features.staticUnits == [0])
        #expect(features.deadUnits.isEmpty)
        #expect(features.verdicts == ["static_unit"])
        #expect(features.unitStatistics[0].acrossWeekStd > 1)
        #expect(features.unitStatistics[0].meanTemporalStd == 0)
        #expect(features.unitStatistics[1].verdict == nil)
        #expect(report.findings.map(\.code) == ["static_unit"])
        #expect(report.findings[0].message.contains("differs across weeks"))
    }

    @Test func doesNotCallAConstantTensorEmittingItsBiasWhenItsInputIsAlive() throws {
        let tensors = [
            UnitScanTensor(name: "act2", layout: .nct, activity: .positive),
            UnitScanTensor(name: "conv3", layout: .nct, upstream: ["act2"]),
        ]
        let report = try Self.scan(tensors, weeks: 2) { _ in
            ["act2": Self.matrix([{ Float($0) }]), "conv3": Self.matrix([{ _ in 0.3 }])]
        }
        #expect(report.tensors[1].verdicts == ["static_unit"])
    }

    @Test func accumulatesWeekByWeekToTheStatisticsOfAllWeeksAtOnce() throws {
        var rng = SplitMix64(seed: 42)
        let weeks = (0..<7).map { week in
            UnitTimeMatrix(units: 3, steps: 50, values: (0..<150).map { index in
                Float.random(in: -1...1, using: &rng) * Float(index / 50 + 1) + Float(week) * 0.1
            })
        }
        let report = try Self.scan([UnitScanTensor(name: "conv", layout: .nct)], weeks: weeks.count) { ["conv": weeks[$0]] }
        for unit in 0..<3 {
            let series = weeks.map { $0.unit(unit).map(Double.init) }
            let temporalStd = series.map { Self.std($0) }.reduce(0, +) / Double(weeks.count)
            let weekMeans = series.map { $0.reduce(0, +) / Double($0.count) }
            let statistics = report.tensors[0].unitStatistics[unit]
            #expect(abs(statistics.meanTemporalStd - temporalStd) <= 1e-5 * temporalStd)
            #expect(abs(statistics.acrossWeekStd - Self.std(weekMeans)) <= 1e-5 * Self.std(weekMeans))
            #expect(abs(statistics.mean - weekMeans.reduce(0, +) / Double(weeks.count)) <= 1e-9)
            #expect(statistics.activeFraction == 1)
        }
        #expect(report.weeks == 7 && report.tensors[0].positions == 350)
    }

    @Test func rejectsAWeekWithAMissingTensorOrAnotherUnitCountAndStaysUnchanged() throws {
        var accumulator = UnitScanAccumulator(tensors: [UnitScanTensor(name: "a", layout: .nct)])
        try accumulator.add(week: ["a": Self.matrix([{ Float($0) }])])
        #expect(throws: ActivationInputError.missingTensor(name: "a", available: ["b"])) {
            try accumulator.add(week: ["b": Self.matrix([{ Float($0) }])])
        }
        #expect(throws: ActivationInputError.unitCountChanged(tensor: "a", expected: 1, found: 2)) {
            try accumulator.add(week: ["a": Self.matrix([{ Float($0) }, { Float($0) }])])
        }
        #expect(accumulator.report().weeks == 1)
    }

    @Test func encodesToSnakeCaseJSONWithoutNaNBeforeAnyWeek() throws {
        let report = UnitScanAccumulator(tensors: [UnitScanTensor(name: "a", layout: .ntc)]).report()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text.contains("\"dead_units\":[]"))
        #expect(text.contains("\"active_epsilon\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(UnitScanReport.self, from: Data(text.utf8)) == report)
        #expect(try decoder.decode(UnitScanThresholds.self, from: Data("{\"static_tolerance\": 0.01}".utf8)).activeEpsilon == 1e-6)
    }
}
