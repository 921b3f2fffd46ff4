import NeuralEngine
import Testing

@testable import Inspection

/// The unit scan and the context ranking on the demo relu/leaky pair (`PlantedFailureTests.deadLayerPair`,
/// trained once at test scale), over the tuning weeks with the simulator's `asleep` masks.
@Suite(.serialized)
struct DemoUnitFindingsTests {
    /// The wiring of the demo graph, as the issue states it.
    static func expectedScanTensors(relu: Bool) -> [UnitScanTensor] {
        let activity: ActivityRule = relu ? .positive : .nonZero
        return [
            UnitScanTensor(name: "conv1", layout: .nct),
            UnitScanTensor(name: "act1", layout: .nct, activity: activity, upstream: ["conv1"]),
            UnitScanTensor(name: "conv2", layout: .nct, upstream: ["act1"]),
            UnitScanTensor(name: "act2", layout: .nct, activity: activity, upstream: ["conv2"]),
            UnitScanTensor(name: "conv3", layout: .nct, upstream: ["act2"]),
            UnitScanTensor(name: "act3", layout: .nct, activity: activity, upstream: ["conv3"]),
            UnitScanTensor(name: "lstm_features", layout: .ntc, upstream: ["act3"]),
            UnitScanTensor(name: "per_step", layout: .ntc, upstream: ["lstm_features"]),
        ]
    }

    static func card(relu: Bool) -> ModelCard {
        let spec = DemoModelCatalog.all(.test).first { $0.name == (relu ? "deepheart-relu" : "deepheart-leaky") }!
        return ModelCard(name: spec.name, description: spec.description, architecture: spec.architecture, label: spec.label,
                         plantedFailure: spec.plantedFailure)
    }

    /// The tuning weeks of the pair, with their context masks.
    static let tuningWeeks = DemoCohortExamples.tuningWeeks(userCount: PlantedFailureTests.cohortUsers, label: "sleep_apnea")

    /// Runs `graph` over the tuning weeks, 8 at a time, and hands each week's matrices and masks to `visit`.
    static func forEachWeek(of graph: Graph, tensors: [UnitScanTensor],
                            _ visit: ([String: UnitTimeMatrix], [String: [Bool]]) throws -> Void) throws {
        let executor = GraphExecutor(graph: graph)
        let layouts = Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.layout) })
        for start in stride(from: 0, to: tuningWeeks.count, by: 8) {
            let batch = tuningWeeks[start..<min(tuningWeeks.count, start + 8)]
            let execution = try executor.run(TrainingExample.feeds(batch.map(\.example)))
            for (row, week) in batch.enumerated() {
                try visit(try UnitTimeMatrix.week(of: execution.values, batchRow: row, layouts: layouts), week.contextMasks)
            }
        }
    }

    static func scan(relu: Bool) throws -> UnitScanReport {
        let graph = relu ? PlantedFailureTests.deadLayerPair.relu : PlantedFailureTests.deadLayerPair.leaky
        let tensors = expectedScanTensors(relu: relu)
        var accumulator = UnitScanAccumulator(tensors: tensors)
        try forEachWeek(of: graph, tensors: tensors) { week, _ in try accumulator.add(week: week) }
        let report = accumulator.report()
        for finding in report.findings { print("\(relu ? "relu" : "leaky") [\(finding.code)] \(finding.message)") }
        return report
    }

    static func asleep(relu: Bool) throws -> SemanticUnitReport {
        let graph = relu ? PlantedFailureTests.deadLayerPair.relu : PlantedFailureTests.deadLayerPair.leaky
        let tensors = expectedScanTensors(relu: relu)
        var accumulator = SemanticUnitAccumulator(context: "asleep", tensors: tensors.map { ($0.name, $0.layout) })
        try forEachWeek(of: graph, tensors: tensors) { week, masks in try accumulator.add(week: week, mask: masks["asleep"]!) }
        let report = accumulator.report()
        print("\(relu ? "relu" : "leaky") asleep over \(report.weeks) weeks, \(report.positionsInside) positions inside, \(report.positionsOutside) outside")
        for tensor in report.tensors {
            print("  \(tensor.name): best unit \(tensor.bestUnit ?? -1) AUROC \(tensor.bestAUROC ?? 0), mean separation \(tensor.meanSeparation)")
        }
        return report
    }

    @Test func readsTheScanWiringFromTheGraph() throws {
        for relu in [true, false] {
            let graph = relu ? PlantedFailureTests.deadLayerPair.relu : PlantedFailureTests.deadLayerPair.leaky
            let tensors = try UnitScanTensor.scanTensors(Self.card(relu: relu).inspectableTensors, in: graph)
            #expect(tensors == Self.expectedScanTensors(relu: relu))
        }
    }

    @Test func tuningWeeksWithMasksAreThePairsTuningWeeks() {
        let tuning = PlantedFailureTests.deadLayerPair.tuning
        #expect(Self.tuningWeeks.count == tuning.count)
        #expect(zip(Self.tuningWeeks, tuning).allSatisfy { $0.example.series == $1.series })
    }

    @Test func reluScanFindsTheDeadLayerAndTheBiasBehindIt() throws {
        let report = try Self.scan(relu: true)
        let byName = Dictionary(uniqueKeysWithValues: report.tensors.map { ($0.name, $0) })
        #expect(byName["act2"]?.verdicts.contains("dead_layer") == true)
        #expect(byName["conv3"]?.verdicts.contains("emits_bias") == true)
        #expect(report.findings.contains { $0.code == "dead_layer" && $0.tensor == "act2" })
        #expect(report.findings.contains { $0.code == "emits_bias" && $0.tensor == "conv3" && $0.fix == "repair act2" })
    }

    @Test func leakyScanFindsNoDeadLayerAndNoBiasEmitter() throws {
        let report = try Self.scan(relu: false)
        #expect(!report.findings.contains { $0.code == "dead_layer" || $0.code == "emits_bias" })
        let act2 = try #require(report.tensors.first { $0.name == "act2" })
        #expect(act2.deadUnits.isEmpty)
    }

    @Test func leakyModelHasAUnitThatTracksSleep() throws {
        let report = try Self.asleep(relu: false)
        let best = try #require(report.units.first)
        print("leaky best asleep unit: \(best.tensor)[\(best.unit)] AUROC \(best.auroc) \(best.direction), point-biserial \(best.pointBiserial)")
        // Measured: conv1[0] at AUROC 0.92 (heart rate falls in sleep); lstm_features[11] at 0.14.
        #expect(best.separation > 0.6, "best asleep unit \(best.tensor)[\(best.unit)] has AUROC \(best.auroc)")
    }

    @Test func reluDeadLayerUnitsCannotTrackSleep() throws {
        let report = try Self.asleep(relu: true)
        let best = try #require(report.units.first)
        print("relu best asleep unit: \(best.tensor)[\(best.unit)] AUROC \(best.auroc) \(best.direction)")
        let act2 = report.units.filter { $0.tensor == "act2" }
        #expect(act2.count == 4)
        #expect(act2.allSatisfy { $0.auroc == 0.5 && $0.direction == "none" })
    }

    @Test func deadLayerCutsTheLSTMOffFromSleepThatTheLeakyLSTMTracks() throws {
        func lstmSeparation(relu: Bool) throws -> Double {
            try #require(try Self.asleep(relu: relu).units.first { $0.tensor == "lstm_features" }).separation
        }
        let (relu, leaky) = (try lstmSeparation(relu: true), try lstmSeparation(relu: false))
        print("best lstm_features asleep separation: relu \(relu), leaky \(leaky)")
        #expect(leaky > relu + 0.3)
    }
}
