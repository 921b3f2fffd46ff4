import NeuralEngine
import Testing

@testable import Inspection

/// The failures `auscult demo` plants, reproduced on the reduced configuration (`DemoModelCatalog.Scale.test`:
/// fewer users and steps than the demo, the same architectures and kind of schedule) so that a debug build
/// runs them in seconds. The assertions are the issue's, on real training runs.
@Suite(.serialized)
struct PlantedFailureTests {
    static let cohortUsers = 200

    /// Trains the relu/leaky pair once for all tests of the suite.
    static let deadLayerPair: (relu: Graph, leaky: Graph, tuning: [TrainingExample]) = try! trainDeadLayerPair()

    static func trainDeadLayerPair() throws -> (relu: Graph, leaky: Graph, tuning: [TrainingExample]) {
        let (train, tuning) = DemoCohortExamples.examples(userCount: cohortUsers, label: "sleep_apnea")
        let specs = DemoModelCatalog.all(.test)
        func trained(_ name: String) throws -> Graph {
            let spec = specs.first { $0.name == name }!
            let trainer = Trainer(schedule: spec.schedule, seed: spec.seed)
            return try trainer.train(spec.architecture.makeGraph(seed: spec.seed), on: train).graph
        }
        return (try trained("deepheart-relu"), try trained("deepheart-leaky"), tuning)
    }

    /// `act2` and `conv3` of every tuning week, batch by batch.
    static func layers(_ graph: Graph, on examples: [TrainingExample]) throws -> [(act2: Tensor, conv3: Tensor)] {
        let executor = GraphExecutor(graph: graph)
        return try stride(from: 0, to: examples.count, by: 8).map { start in
            let execution = try executor.run(TrainingExample.feeds(examples[start..<min(examples.count, start + 8)]))
            return (execution.values["act2"]!, execution.values["conv3"]!)
        }
    }

    @Test func reluSecondConvLayerIsDeadOnEveryTuningWeekAndTheNextEmitsItsBias() throws {
        let (relu, _, tuning) = Self.deadLayerPair
        #expect(tuning.count >= 10)
        let bias = relu.parameters["conv3.bias"]!
        for (act2, conv3) in try Self.layers(relu, on: tuning) {
            #expect(act2.values.allSatisfy { $0 == 0 }, "act2 has \(act2.values.filter { $0 != 0 }.count) non-zero values")
            // conv3: (N, C, T'); with a zero input every value is its channel's bias.
            let (n, c, t) = (conv3.shape[0], conv3.shape[1], conv3.shape[2])
            for row in 0..<n {
                for channel in 0..<c {
                    let values = conv3.values[((row * c + channel) * t)..<((row * c + channel + 1) * t)]
                    #expect(values.allSatisfy { $0 == bias.values[channel] })
                }
            }
        }
    }

    @Test func leakySecondConvLayerIsAlive() throws {
        let (_, leaky, tuning) = Self.deadLayerPair
        var positive = 0, total = 0
        for (act2, _) in try Self.layers(leaky, on: tuning) {
            positive += act2.values.filter { $0 > 0 }.count
            total += act2.count
        }
        print("leaky act2: \(positive) of \(total) values positive on the tuning weeks")
        #expect(positive > 0, "LeakyReLU's act2 has no positive value on the tuning weeks")
    }

    @Test func leakyScoresHigherAUROCThanReluOnTuning() throws {
        let (relu, leaky, tuning) = Self.deadLayerPair
        let labels = tuning.map(\.target)
        let reluAUROC = try #require(BinaryClassificationMetrics.auroc(scores: try Trainer.scores(of: relu, on: tuning), labels: labels))
        let leakyAUROC = try #require(BinaryClassificationMetrics.auroc(scores: try Trainer.scores(of: leaky, on: tuning), labels: labels))
        print("tuning AUROC on \(tuning.count) weeks: leaky \(leakyAUROC), relu \(reluAUROC)")
        #expect(leakyAUROC > reluAUROC, "tuning AUROC: leaky \(leakyAUROC), relu \(reluAUROC)")
    }

    @Test func shortMemoryGradientDiesWithinTheDocumentedLagAndLongMemoryDoesNot() throws {
        let specs = DemoModelCatalog.all(.test)
        let lag = DemoModelCatalog.horizonLagBins
        for name in ["deepheart-short-memory", "deepheart-long-memory"] {
            let spec = specs.first { $0.name == name }!
            let (train, tuning) = DemoCohortExamples.examples(userCount: 40, label: spec.label)
            let graph = try Trainer(schedule: spec.schedule, seed: spec.seed).train(spec.architecture.makeGraph(seed: spec.seed), on: train).graph
            for example in tuning.prefix(2) {
                let horizon = try MemoryHorizon.measure(graph: graph, example: example)
                print("\(name): horizon left \(horizon.leftLag), right \(horizon.rightLag) bins (peak \(horizon.peak))")
                #expect(horizon.peak > 0)
                if name == "deepheart-short-memory" {
                    #expect(horizon.lag <= lag, "short-memory horizon \(horizon.leftLag)/\(horizon.rightLag) bins, documented lag \(lag)")
                } else {
                    #expect(horizon.lag > lag, "long-memory horizon \(horizon.leftLag)/\(horizon.rightLag) bins, documented lag \(lag)")
                }
            }
        }
    }
}
