import ArgumentParser
import Foundation
import NeuralEngine
import ONNXFormat

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an ONNX model on .npy arrays and write every intermediate tensor (and input gradients) as .npy.",
        discussion: """
            Each tensor is written as DIR/<name>.npy, the name with every character outside [A-Za-z0-9_.-] \
            replaced by '_' and leading/trailing '_' removed (float32, or int64 for shape tensors); \
            DIR/index.json maps every tensor name to its file, shape and dtype. With --grad, the gradient of \
            that output element with respect to each float input is written as DIR/grad_<input>.npy.

            Example: auscult run model.onnx --input series=week.npy --input metadata=meta.npy \
            --dump out --grad 'per_step[0,2048,0]'
            """)

    @Argument(help: "The .onnx file.")
    var model: String

    @Option(name: .customLong("input"), help: "NAME=FILE.npy, once per model input.")
    var inputs: [String] = []

    @Option(help: "Directory to write the tensors into (created if missing).")
    var dump: String

    @Option(help: "An output element to differentiate, e.g. 'per_step[0,2048,0]' (negative indices count from the end).")
    var grad: String?

    @Option(help: "OpenBLAS threads (default: OpenBLAS's own choice).")
    var threads: Int?

    func run() throws {
        var files: [String: URL] = [:]
        for argument in inputs {
            let parts = argument.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--input must be NAME=FILE.npy; got '\(argument)'")
            }
            guard files[String(parts[0])] == nil else { throw ValidationError("input '\(parts[0])' is given twice") }
            files[String(parts[0])] = URL(fileURLWithPath: String(parts[1]))
        }
        var element: TensorElementReference?
        if let grad {
            guard let parsed = TensorElementReference(parsing: grad) else {
                throw ValidationError("--grad must look like OUTPUT[i,j,k]; got '\(grad)'")
            }
            element = parsed
        }
        if let threads {
            guard threads > 0 else { throw ValidationError("--threads must be positive") }
            BLAS.setThreadCount(threads)
        }
        let runner = ModelRun(model: try ONNXModelFile(contentsOf: URL(fileURLWithPath: model)))
        let report = try runner.run(
            inputs: try runner.loadInputs(files), dumpingInto: URL(fileURLWithPath: dump, isDirectory: true),
            gradient: element)
        var summary = String(
            format: "ran %d nodes in %.1f ms; wrote %d tensors to %@", report.nodeCount, report.forwardSeconds * 1000,
            report.files.count, dump)
        if let seconds = report.gradientSeconds {
            summary += String(format: " (gradient of %@ in %.1f ms)", element?.description ?? "", seconds * 1000)
        }
        print(summary)
    }
}
