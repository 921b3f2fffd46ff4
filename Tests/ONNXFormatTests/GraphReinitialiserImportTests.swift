import Foundation
import NeuralEngine
import Testing

@testable import Inspection
@testable import ONNXFormat

/// A fresh copy of an imported reference model: every trained initializer has a rule from the node that
/// reads it, constants keep their values, and the copy runs with the original's output shapes.
struct GraphReinitialiserImportTests {
    @Test(arguments: ["deepheart_torchscript", "deepheart_dynamo", "gru_small", "keras_conv_bilstm"])
    func reinitialisesAnImportedModelAndKeepsItsConstants(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let run = manifest.runs[0]
        var feeds: [String: Tensor] = [:]
        for (name, entry) in run.inputs { feeds[name] = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor() }
        let model = try ONNXModelFile(contentsOf: manifest.url(of: manifest.model))
        let imported = try ONNXImporter.importGraph(
            model.proto, inputShapes: feeds.mapValues(\.shape), externalDataDirectory: model.externalDataDirectory)
        let graph = imported.graph
        let trainable = Set(graph.parameters.keys).subtracting(imported.constantNames)
        let rules = GraphReinitialiser.rules(for: graph)
        let uncovered = trainable.subtracting(rules.keys).sorted()
        print("\(caseName): \(trainable.count) trainable, \(imported.constantNames.count) constants; by fallback: \(uncovered)")
        #expect(uncovered.isEmpty, "\(caseName): no reading node gives a rule for \(uncovered)")

        let fresh = GraphReinitialiser.reinitialised(graph, trainable: trainable, seed: 4)
        for (name, old) in graph.parameters {
            let new = fresh.parameters[name]!
            #expect(new.shape == old.shape)
            if imported.constantNames.contains(name) { #expect(new.values == old.values, "constant \(name) changed") }
            else if old.count > 1 { #expect(new.values != old.values, "\(name) was not redrawn") }
        }
        if caseName == "deepheart_dynamo" {  // sliced and concatenated into the LSTM's W: ±1/√H, H = 128
            let largest = fresh.parameters["lstm.weight_ih_l0"]!.values.map(abs).max()!
            #expect(largest <= 1 / Float(128).squareRoot() && largest > 0.99 / Float(128).squareRoot(), "largest \(largest)")
        }
        let before = try GraphExecutor(graph: graph).run(feeds), after = try GraphExecutor(graph: fresh).run(feeds)
        for output in graph.outputs where before.values[output] != nil {
            #expect(after.values[output]!.shape == before.values[output]!.shape)
            #expect(after.values[output]!.values.allSatisfy { $0.isFinite })
        }
    }
}
