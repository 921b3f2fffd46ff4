import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// `auscult run` behaviour on the reference fixtures: dumped tensors and gradients equal what ONNX
/// Runtime and PyTorch wrote; bad arrays are refused with the input's name and both shapes.
struct ModelRunTests {
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("auscult-run-\(UUID().uuidString)", isDirectory: true)
    }

    func fixture(_ caseName: String) throws -> (FixtureManifest, ModelRun) {
        let manifest = try FixtureManifest.load(caseName)
        return (manifest, ModelRun(model: try ONNXModelFile(contentsOf: manifest.url(of: manifest.model))))
    }

    func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func dumpsEveryIntermediateUnderItsSanitisedName() throws {
        let (manifest, runner) = try fixture("gru_small")
        let run = try #require(manifest.runs.first)
        let inputs = try runner.loadInputs(run.inputs.mapValues { manifest.url(of: $0.file) })
        let directory = temporaryDirectory()
        let report = try runner.run(inputs: inputs, dumpingInto: directory)
        for (name, entry) in run.intermediates ?? [:] {
            let dumped = directory.appendingPathComponent(TensorFileName.sanitized(name) + ".npy")
            let ours = try NumpyArray(contentsOf: dumped).tensor()
            let reference = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor()
            #expect(ours.shape == reference.shape, "\(name)")
            #expect(maxDifference(ours, reference) < 1e-4, "\(name)")
        }
        #expect(report.files.count >= (run.intermediates?.count ?? 0))
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("index.json")))
        #expect((index as? [String: Any])?.count == report.files.count)
    }

    @Test func writesShapeTensorsAsInt64() throws {
        let (manifest, runner) = try fixture("deepheart_dynamo")
        let run = try #require(manifest.runs.first)
        let inputs = try runner.loadInputs(run.inputs.mapValues { manifest.url(of: $0.file) })
        let directory = temporaryDirectory()
        let report = try runner.run(inputs: inputs, dumpingInto: directory)
        let integerFiles = try report.files.values.filter { try NumpyArray(contentsOf: $0).dtype == .int64 }
        #expect(!integerFiles.isEmpty, "the dynamo graph computes its reshape targets from Shape")
    }

    @Test func writesTheInputGradientOfOneOutputElement() throws {
        let (manifest, runner) = try fixture("keras_conv_bilstm")
        let run = try #require(manifest.runs.first { $0.name == manifest.gradients.run })
        let element = try #require(manifest.gradients.seed.elements.first)
        let inputs = try runner.loadInputs(run.inputs.mapValues { manifest.url(of: $0.file) })
        let directory = temporaryDirectory()
        let reference = TensorElementReference(tensor: manifest.gradients.seed.output, index: element)
        let report = try runner.run(inputs: inputs, dumpingInto: directory, gradient: reference)
        #expect(report.gradientSeconds != nil)
        for (input, entry) in manifest.gradients.wrt {
            let ours = try NumpyArray(contentsOf: directory.appendingPathComponent("grad_\(TensorFileName.sanitized(input)).npy")).tensor()
            let expected = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor()
            // The reference seeds one element in every batch row; row `element[0]` is this run's.
            let row = element[0]
            let rowSize = ours.count / ours.shape[0]
            let ourRow = Array(ours.values[row * rowSize..<(row + 1) * rowSize])
            let expectedRow = Array(expected.values[row * rowSize..<(row + 1) * rowSize])
            let peak = expectedRow.map(abs).max() ?? 1
            #expect(zip(ourRow, expectedRow).allSatisfy { abs($0 - $1) <= 1e-3 * peak }, "grad_\(input)")
        }
    }

    @Test func refusesAnArrayOfTheWrongShapeNamingTheInputAndBothShapes() throws {
        let (manifest, runner) = try fixture("dynamic_batch")
        let run = try #require(manifest.runs.first)
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files = run.inputs.mapValues { manifest.url(of: $0.file) }
        let wrong = directory.appendingPathComponent("wrong.npy")
        try NumpyArray(Tensor(shape: [1, 7, 2])).write(to: wrong)  // time is fixed at 32 in this model
        let series = try #require(files.keys.first { $0.contains("series") })
        files[series] = wrong
        let error = try #require(throws: ModelRun.Failure.self) { try runner.loadInputs(files) }
        #expect(error.message.contains("'\(series)'"))
        #expect(error.message.contains("[1, 7, 2]"))
        #expect(error.message.contains("32"))
    }

    @Test func refusesIntegerArraysAndMissingInputs() throws {
        let (manifest, runner) = try fixture("gru_small")
        let run = try #require(manifest.runs.first)
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var files = run.inputs.mapValues { manifest.url(of: $0.file) }
        let name = try #require(files.keys.sorted().first)
        let integers = directory.appendingPathComponent("ints.npy")
        try NumpyArray(integers: [1, 2, 3], shape: [3]).write(to: integers)
        files[name] = integers
        let dtypeError = try #require(throws: ModelRun.Failure.self) { try runner.loadInputs(files) }
        #expect(dtypeError.message.contains("'\(name)'") && dtypeError.message.contains("float32"))
        files[name] = nil
        let missing = try #require(throws: ModelRun.Failure.self) { try runner.loadInputs(files) }
        #expect(missing.message.contains("'\(name)'") && missing.message.contains("missing"))
    }

    @Test func parsesElementReferences() {
        #expect(TensorElementReference(parsing: "per_step[0,2048,0]") == TensorElementReference(tensor: "per_step", index: [0, 2048, 0]))
        #expect(TensorElementReference(parsing: "/head/Add_output_0[ 1, -1 ]")?.index == [1, -1])
        #expect(TensorElementReference(parsing: "per_step") == nil)
        #expect(TensorElementReference(parsing: "per_step[a]") == nil)
        #expect(TensorElementReference(tensor: "y", index: [-1, 0]).resolved(in: [4, 2]) == [3, 0])
        #expect(TensorElementReference(tensor: "y", index: [4, 0]).resolved(in: [4, 2]) == nil)
    }
}
