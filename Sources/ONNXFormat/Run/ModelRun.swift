import Foundation
import NeuralEngine

/// Runs an ONNX model on numpy arrays, writes every tensor it computes as `.npy`, and optionally the
/// gradient of one output element with respect to each float input: what `auscult run` does.
public struct ModelRun {
    public struct Report: Sendable {
        /// Every file written, by tensor name (gradients as `grad_<input>`).
        public var files: [String: URL]
        public var nodeCount: Int
        public var forwardSeconds: Double
        public var gradientSeconds: Double?
    }

    /// Why a run cannot start; messages name the input or tensor at fault.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    public let model: ONNXModelFile

    public init(model: ONNXModelFile) {
        self.model = model
    }

    /// Reads the named arrays, checks them against the model's inputs, and returns float tensors.
    public func loadInputs(_ files: [String: URL]) throws -> [String: Tensor] {
        let expected = model.inputNames
        if let unknown = files.keys.sorted().first(where: { !expected.contains($0) }) {
            throw Failure(message: "'\(unknown)' is not an input of this model; its inputs are \(expected.joined(separator: ", "))")
        }
        if let missing = expected.first(where: { files[$0] == nil }) {
            let declared = model.declaredDimensions(of: missing).map(Self.describe) ?? "?"
            throw Failure(message: "input '\(missing)' (shape \(declared)) is missing; give it as --input \(missing)=FILE.npy")
        }
        var tensors: [String: Tensor] = [:]
        for (name, url) in files {
            let array = try NumpyArray(contentsOf: url)
            let declared = model.declaredDimensions(of: name) ?? []
            guard array.dtype == .float32 || array.dtype == .float64 else {
                throw Failure(message: "input '\(name)' (\(url.lastPathComponent)) has dtype \(array.dtype.rawValue); the model expects float32")
            }
            guard array.shape.count == declared.count || declared.isEmpty else {
                throw Failure(message: "input '\(name)' has shape \(array.shape) (rank \(array.shape.count)) but the model expects \(Self.describe(declared)) (rank \(declared.count))")
            }
            for (size, dimension) in zip(array.shape, declared) {
                if case .fixed(let expected) = dimension, expected != size {
                    throw Failure(message: "input '\(name)' has shape \(array.shape) but the model expects \(Self.describe(declared))")
                }
            }
            tensors[name] = try array.tensor(convertingFloat64: true)
        }
        return tensors
    }

    /// Runs the model on `inputs`, writes every computed tensor (and folded shape tensor) into
    /// `directory`, and `grad_<input>.npy` for `gradient` when given. Also writes `index.json` mapping
    /// tensor names to files, since several names can sanitise to one file name.
    public func run(
        inputs: [String: Tensor], dumpingInto directory: URL, gradient: TensorElementReference? = nil
    ) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let imported = try ONNXImporter.importGraph(
            model.proto, inputShapes: inputs.mapValues(\.shape), externalDataDirectory: model.externalDataDirectory)
        let executor = GraphExecutor(graph: imported.graph)
        let started = Date()
        // Only a run that will be differentiated saves what backward needs.
        let execution = gradient == nil ? nil : try executor.run(inputs)
        let values = try execution?.values ?? executor.infer(inputs)
        let forwardSeconds = Date().timeIntervalSince(started)

        var writer = DumpWriter(directory: directory)
        let skipped = Set(imported.graph.parameters.keys).union(inputs.keys)
        for (name, tensor) in values.sorted(by: { $0.key < $1.key }) where !skipped.contains(name) {
            try writer.write(NumpyArray(tensor), name: name)
        }
        for (name, value) in imported.constants.sorted(by: { $0.key < $1.key }) {
            switch value {
            case .float(let tensor): try writer.write(NumpyArray(tensor), name: name)
            case .integer(let shape, let values): try writer.write(NumpyArray(integers: values, shape: shape), name: name)
            case .bool(let shape, let values): try writer.write(NumpyArray(integers: values.map { $0 ? 1 : 0 }, shape: shape), name: name)
            }
        }

        var gradientSeconds: Double?
        if let gradient, let execution {
            guard let output = execution.values[gradient.tensor] else {
                throw Failure(message: "--grad names '\(gradient.tensor)', which this run does not compute; outputs are \(imported.graph.outputs.joined(separator: ", "))")
            }
            guard let index = gradient.resolved(in: output.shape) else {
                throw Failure(message: "--grad \(gradient) is outside '\(gradient.tensor)', whose shape is \(output.shape)")
            }
            let gradientStarted = Date()
            let gradients = try executor.gradients(
                of: execution, seeds: [gradient.tensor: Tensor.oneHot(shape: output.shape, index: index)])
            gradientSeconds = Date().timeIntervalSince(gradientStarted)
            for name in inputs.keys.sorted() {
                guard let value = gradients[name] else { continue }
                try writer.write(NumpyArray(value), name: "grad_\(name)", fileStem: "grad_\(TensorFileName.sanitized(name))")
            }
        }
        try writer.writeIndex()
        return Report(
            files: writer.files, nodeCount: imported.graph.nodes.count, forwardSeconds: forwardSeconds,
            gradientSeconds: gradientSeconds)
    }

    static func describe(_ dimensions: [ONNXDimension]) -> String {
        "[" + dimensions.map { dimension in
            switch dimension {
            case .fixed(let size): String(size)
            case .symbolic(let name): name
            case .unknown: "?"
            }
        }.joined(separator: ", ") + "]"
    }
}
