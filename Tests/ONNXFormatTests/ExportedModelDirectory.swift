import Foundation
import NeuralEngine

@testable import ONNXFormat

/// Where the exporter tests write their `.onnx` files for `scripts/check_export.py`.
///
/// With `AUSCULT_WRITE_EXPORTS=1` in the environment: `Fixtures/exported/` (git-ignored); otherwise a
/// fresh directory under the system's temporary directory, so a plain test run leaves the tree alone.
enum ExportedModelDirectory {
    static let url: URL = {
        let url: URL
        if ProcessInfo.processInfo.environment["AUSCULT_WRITE_EXPORTS"] == "1" {
            url = FixtureManifest.fixturesDirectory.appendingPathComponent("exported", isDirectory: true)
        } else {
            url = FileManager.default.temporaryDirectory
                .appendingPathComponent("auscult-exports-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        }
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Writes `model` as `<name>.onnx`, and with `inputs`/`outputs` given, the engine's tensors as
    /// `<name>/inputs/<tensor>.npy` and `<name>/outputs/<tensor>.npy` for the check script to compare with.
    static func write(_ model: ONNXModelFile, name: String, inputs: [String: Tensor] = [:], outputs: [String: Tensor] = [:]) throws {
        try model.write(to: url.appendingPathComponent("\(name).onnx"))
        for (folder, tensors) in [("inputs", inputs), ("outputs", outputs)] where !tensors.isEmpty {
            let directory = url.appendingPathComponent(name, isDirectory: true).appendingPathComponent(folder, isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (tensorName, tensor) in tensors {
                try NumpyArray(tensor).write(to: directory.appendingPathComponent("\(TensorFileName.sanitized(tensorName)).npy"))
            }
        }
    }
}
