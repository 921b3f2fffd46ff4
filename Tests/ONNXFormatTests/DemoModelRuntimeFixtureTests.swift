import Foundation
import Inspection
import NeuralEngine
import Testing

@testable import ONNXFormat

/// ONNX Runtime's verdict on the demo architectures as Auscult exports them, kept as fixtures.
///
/// `scripts/make_demo_model_fixtures.py` has this suite write each demo architecture (seeded, untrained:
/// the trained models share its graph and differ only in weights) to `Fixtures/demo_models/<name>/`
/// with its inputs, then runs ONNX's full checker and ONNX Runtime on the file and stores ONNX Runtime's
/// outputs beside it. The tests then hold Auscult to that: today's export is byte for byte the file ONNX
/// Runtime checked (any change to the exporter or the architectures means re-running the script), and
/// the engine's outputs on the stored inputs agree with ONNX Runtime's.
struct DemoModelRuntimeFixtureTests {
    static let directory = FixtureManifest.fixturesDirectory.appendingPathComponent("demo_models", isDirectory: true)
    static let writing = ProcessInfo.processInfo.environment["AUSCULT_WRITE_DEMO_FIXTURES"] == "1"

    struct Manifest: Decodable {
        let model: String
        let onnxruntime: String
        let checker: String
        let inputs: [String: String]
        let outputs: [String: String]
    }

    static func exportedBytes(_ spec: DemoModelSpec) throws -> Data {
        let graph = spec.architecture.makeGraph(seed: spec.seed)
        return try ONNXExporter.serializedBytes(try ONNXExporter.export(graph, opset: 17, modelName: spec.name))
    }

    @Test(arguments: DemoModelCatalog.all(.full).map(\.name))
    func onnxRuntimeAgreesWithTheEngineOnTheExportedDemoArchitecture(name: String) throws {
        let spec = try #require(DemoModelCatalog.all(.full).first { $0.name == name })
        let caseDirectory = Self.directory.appendingPathComponent(name, isDirectory: true)
        let bytes = try Self.exportedBytes(spec)
        if Self.writing {
            let inputs = caseDirectory.appendingPathComponent("inputs", isDirectory: true)
            try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
            try bytes.write(to: caseDirectory.appendingPathComponent("model.onnx"))
            for (input, tensor) in DemoModelExportTests.feeds(batch: 2) {
                try NumpyArray(tensor).write(to: inputs.appendingPathComponent("\(input).npy"))
            }
            #expect(FileManager.default.fileExists(atPath: caseDirectory.appendingPathComponent("model.onnx").path))
            return
        }
        let manifest = try JSONDecoder().decode(
            Manifest.self, from: Data(contentsOf: caseDirectory.appendingPathComponent("manifest.json")))
        #expect(manifest.checker == "full_check passed")
        let checked = try Data(contentsOf: caseDirectory.appendingPathComponent(manifest.model))
        #expect(
            bytes == checked,
            "\(name): the export differs from the file ONNX Runtime checked; run scripts/make_demo_model_fixtures.py")

        let file = try ONNXModelFile(serializedBytes: checked)
        let feeds = try manifest.inputs.mapValues {
            try NumpyArray(contentsOf: caseDirectory.appendingPathComponent($0)).tensor()
        }
        let graph = try ONNXImporter.importGraph(file.proto, inputShapes: feeds.mapValues(\.shape)).graph
        let ours = try GraphExecutor(graph: graph).infer(feeds, keeping: Set(manifest.outputs.keys))
        #expect(Set(manifest.outputs.keys) == ["per_step", "pooled"])
        for (output, path) in manifest.outputs {
            let theirs = try NumpyArray(contentsOf: caseDirectory.appendingPathComponent(path)).tensor()
            let mine = try #require(ours[output])
            #expect(mine.shape == theirs.shape, "\(name) \(output)")
            let scale = max(1, theirs.values.map(abs).max() ?? 0)
            let worst = zip(mine.values, theirs.values).map { abs($0 - $1) }.max() ?? .infinity
            print("\(name) \(output): largest |Auscult - ONNX Runtime \(manifest.onnxruntime)| \(worst) over \(mine.count) values")
            #expect(worst <= 1e-5 * scale, "\(name) \(output): largest difference \(worst), tolerance \(1e-5 * scale)")
        }
    }
}
