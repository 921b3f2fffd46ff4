import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// Exports every reference model after import, reads the file back and checks that the re-imported graph
/// computes the same outputs and input gradients (bitwise, or within 1e-6) and keeps the user's names.
struct ONNXExporterRoundTripTests {
    func firstRunFeeds(_ manifest: FixtureManifest) throws -> [String: Tensor] {
        var feeds: [String: Tensor] = [:]
        for (name, entry) in manifest.runs[0].inputs {
            feeds[name] = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor()
        }
        return feeds
    }

    /// Outputs of `graph` on `feeds`, and the gradients of the sum of every output w.r.t. every input.
    func outputsAndInputGradients(_ graph: Graph, _ feeds: [String: Tensor]) throws -> (outputs: [String: Tensor], gradients: [String: Tensor]) {
        let executor = GraphExecutor(graph: graph)
        let execution = try executor.run(feeds)
        var seeds: [String: Tensor] = [:]
        for name in graph.outputs {
            let output = try #require(execution.values[name])
            seeds[name] = Tensor(shape: output.shape, repeating: 1)
        }
        let gradients = try executor.gradients(of: execution, seeds: seeds, wrt: Set(feeds.keys))
        return (execution.values.filter { graph.outputs.contains($0.key) }, gradients)
    }

    @Test(arguments: FixtureManifest.caseNames)
    func exportedFixtureModelReimportsWithIdenticalOutputsAndGradients(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let feeds = try firstRunFeeds(manifest)
        let shapes = feeds.mapValues(\.shape)
        let original = try ONNXModelFile(contentsOf: manifest.url(of: manifest.model))
        let imported = try ONNXImporter.importGraph(
            original.proto, inputShapes: shapes, externalDataDirectory: original.externalDataDirectory)

        let exported = try ONNXModelFile(exporting: imported.graph, modelName: caseName, docString: "round trip of \(caseName)")
        let bytes = try exported.serializedBytes()
        try ExportedModelDirectory.write(exported, name: caseName)
        let reread = try ONNXModelFile(serializedBytes: bytes)
        #expect(reread.defaultOpsetVersion == ONNXExporter.defaultOpset)
        let reimported = try ONNXImporter.importGraph(reread.proto, inputShapes: shapes)

        #expect(reimported.graph.outputs == imported.graph.outputs)
        #expect(Set(reimported.graph.inputs.map(\.name)) == Set(imported.graph.inputs.map(\.name)))
        let reimportedNodes = Set(reimported.graph.nodes.map(\.name))
        let lostNodes = imported.graph.nodes.map(\.name).filter { !reimportedNodes.contains($0) }
        #expect(lostNodes.isEmpty, "\(caseName): nodes lost in the round trip: \(lostNodes)")
        for (name, tensor) in imported.graph.parameters {
            #expect(reimported.graph.parameters[name] == tensor, "\(caseName): parameter \(name) changed")
        }

        let before = try outputsAndInputGradients(imported.graph, feeds)
        let after = try outputsAndInputGradients(reimported.graph, feeds)
        let outputs = TensorSetDifference(after.outputs, before.outputs, names: imported.graph.outputs)
        let gradients = TensorSetDifference(after.gradients, before.gradients, names: feeds.keys.sorted())
        print("\(caseName): \(bytes.count) bytes, \(imported.graph.nodes.count) nodes; outputs: \(outputs); input gradients: \(gradients)")
        #expect(outputs.problems.isEmpty && outputs.largest <= 1e-6, "\(caseName) outputs: \(outputs)")
        #expect(gradients.problems.isEmpty && gradients.largest <= 1e-6, "\(caseName) gradients: \(gradients)")
    }
}
