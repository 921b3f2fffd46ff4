import Foundation
import Inspection
import NeuralEngine
import Testing

@testable import ONNXFormat

/// Every demo architecture (`DemoModelCatalog`) exports to ONNX opset 17 with a symbolic batch, and the
/// re-imported graph gives the same outputs and input gradient as the engine graph it came from.
struct DemoModelExportTests {
    static func feeds(batch: Int) -> [String: Tensor] {
        var generator = SplitMix64(seed: 11)
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float.random(in: -1...1, using: &generator) } }
        return [
            "series": Tensor(shape: [batch, SequenceInputEncoding.binCount, 3], values: values(batch * SequenceInputEncoding.binCount * 3))!,
            "metadata": Tensor(shape: [batch, 4], values: values(batch * 4))!,
        ]
    }

    @Test(arguments: ["deepheart-relu", "deepheart-short-memory", "deepheart-long-memory"])
    func demoArchitectureSurvivesExportAndImport(name: String) throws {
        let spec = DemoModelCatalog.all(.test).first { $0.name == name }!
        let graph = spec.architecture.makeGraph(seed: spec.seed)
        let bytes = try ONNXExporter.serializedBytes(try ONNXExporter.export(graph, opset: 17, modelName: name))
        let file = try ONNXModelFile(serializedBytes: bytes)
        #expect(file.defaultOpsetVersion == 17)
        #expect(file.inputNames == ["series", "metadata"])
        #expect(Set(file.outputNames) == ["per_step", "pooled"])
        let feeds = Self.feeds(batch: 2)
        let reimported = try ONNXImporter.importGraph(
            file.proto, inputShapes: ["series": feeds["series"]!.shape, "metadata": feeds["metadata"]!.shape]).graph
        let before = GraphExecutor(graph: graph), after = GraphExecutor(graph: reimported)
        let (b, a) = (try before.run(feeds), try after.run(feeds))
        for output in ["per_step", "pooled"] {
            let largest = zip(b.values[output]!.values, a.values[output]!.values).map { abs($0 - $1) }.max()!
            #expect(largest <= 1e-6, "\(name) \(output): largest difference \(largest), tolerance 1e-6")
        }
        let seed = Tensor.oneHot(shape: b.values["per_step"]!.shape, index: [0, spec.architecture.outputSteps / 2, 0])
        let gb = try before.gradients(of: b, seeds: ["per_step": seed])["series"]!
        let ga = try after.gradients(of: a, seeds: ["per_step": seed])["series"]!
        let largest = zip(gb.values, ga.values).map { abs($0 - $1) }.max()!
        #expect(largest <= 1e-6, "\(name) d per_step / d series: largest difference \(largest), tolerance 1e-6")
    }
}
