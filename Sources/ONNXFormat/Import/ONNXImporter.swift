import Foundation
import NeuralEngine

/// Lowers an ONNX model to an engine `Graph` for concrete input shapes.
///
/// The importer walks the nodes in order. Everything computable from constants and shapes (`Shape`,
/// the `Gather`/`Concat`/`Reshape` chains exporters emit around dynamic axes, `ConstantOfShape`,
/// `Range`, …) is folded at import; what depends on the data becomes an engine node whose integer
/// arguments (target shapes, axes, indices, pads) are resolved into the operator. Float initializers
/// stay graph parameters, so gradients reach them. Input shapes must be concrete: a model with a
/// dynamic batch or time axis is imported once per shape it runs at (see `ONNXModel`).
public enum ONNXImporter {
    /// Operator types (default ONNX domain) the importer lowers or folds.
    public static let supportedOperators: Set<String> = loweredOperators.union(foldedOnlyOperators)

    /// Operators that are only ever folded at import (their outputs are integers or known shapes).
    static let foldedOnlyOperators: Set<String> = ["Constant", "Shape", "Size", "ConstantOfShape", "Range"]

    /// Most elements one tensor may have (2^28: 1 GiB of float32). A file declaring more (a hostile
    /// `ConstantOfShape` or `Expand`, say) is refused before anything that size is allocated.
    public static let maximumTensorElements = 1 << 28

    /// Most float32 elements one forward pass may hold by default (2^30: 4 GiB): the inputs, every
    /// node's outputs (the executor keeps them all) and what the nodes save for backward or use as
    /// scratch. A model over it, at the batch it is imported for, is refused before it runs.
    public static let defaultForwardElementLimit = 1 << 30

    /// The element count of `shape`, or nil when it passes `maximumTensorElements` (or overflows).
    public static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maximumTensorElements else { return nil }
            count = product
        }
        return count
    }

    /// Lowers `model` for inputs of `inputShapes` (every float graph input; inputs whose declared shape
    /// is fully fixed may be left out). A graph whose forward pass would hold more than
    /// `forwardElementLimit` float32 elements is refused (`forward_too_large`).
    public static func importGraph(
        _ model: Onnx_ModelProto, inputShapes: [String: [Int]], externalDataDirectory: URL? = nil,
        forwardElementLimit: Int = defaultForwardElementLimit
    ) throws(ONNXImportError) -> ImportedGraph {
        var session = try ImportSession(model: model, externalDataDirectory: externalDataDirectory)
        session.forwardElementLimit = forwardElementLimit
        try session.bindInputs(inputShapes)
        for node in model.graph.node {
            try session.importNode(node)
        }
        return try session.finish()
    }

    /// The opset version of the default ONNX domain the model imports.
    static func defaultOpset(of model: Onnx_ModelProto) -> Int {
        let entry = model.opsetImport.first { $0.domain.isEmpty || $0.domain == "ai.onnx" }
        return Int(entry?.version ?? 21)
    }
}

/// The state of one import: what is known about every named tensor so far, and the engine nodes made.
struct ImportSession {
    let model: Onnx_ModelProto
    let opset: Int
    var values: [String: ImportValue] = [:]
    var parameters: [String: Tensor] = [:]
    var constantNames: Set<String> = []
    var nodes: [Graph.Node] = []
    var inputs: [(name: String, shape: [Int])] = []
    var forwardElementLimit = ONNXImporter.defaultForwardElementLimit
    /// Float32 elements a forward pass holds so far: inputs, run-time nodes' outputs and working memory.
    var forwardElements = 0

    init(model: Onnx_ModelProto, externalDataDirectory: URL?) throws(ONNXImportError) {
        self.model = model
        self.opset = ONNXImporter.defaultOpset(of: model)
        for initializer in model.graph.initializer {
            let value: ONNXTensorValue
            do {
                value = try ONNXTensorDecoder.decode(initializer, externalDataDirectory: externalDataDirectory)
            } catch {
                throw ONNXImportError(code: "invalid_model", message: "initializer '\(initializer.name)': \(error)")
            }
            if case .float(let tensor) = value {
                values[initializer.name] = .parameter(tensor)
            } else {
                values[initializer.name] = .constant(value)
            }
        }
    }

    /// Declares the graph inputs that are not initializers, checking given shapes against declared ones.
    mutating func bindInputs(_ shapes: [String: [Int]]) throws(ONNXImportError) {
        for input in model.graph.input where values[input.name] == nil {
            let declared = input.type.tensorType.shape.dim.map { dimension -> Int? in
                if case .dimValue(let size)? = dimension.value { return Int(size) }
                return nil
            }
            let elementType = input.type.tensorType.elemType
            guard elementType == 1 || elementType == 11 || elementType == 10 || elementType == 16 else {
                throw ONNXImportError(
                    code: "unsupported_input",
                    message: "graph input '\(input.name)' has element type \(ONNXTensorValue.dataTypeName(elementType)); only float inputs are supported")
            }
            let shape: [Int]
            if let given = shapes[input.name] {
                let matches = given.count == declared.count
                    && zip(given, declared).allSatisfy { $1 == nil || $0 == $1 }
                guard matches, given.allSatisfy({ $0 >= 0 }) else {
                    throw ONNXImportError(
                        code: "shape_mismatch",
                        message: "input '\(input.name)' given shape \(given), but the model declares \(declared.map { $0.map(String.init) ?? "?" })")
                }
                shape = given
            } else if declared.allSatisfy({ $0 != nil }) {
                shape = declared.compactMap { $0 }
            } else {
                throw ONNXImportError(
                    code: "shape_mismatch",
                    message: "input '\(input.name)' has dynamic dimensions \(declared.map { $0.map(String.init) ?? "?" }); give its shape")
            }
            guard ONNXImporter.elementCount(shape) != nil else { throw .inputTooLarge(input: input.name, shape: shape) }
            values[input.name] = .dynamic(shape: shape)
            inputs.append((input.name, shape))
            try holdForward(ONNXImporter.elementCount(shape) ?? Int.max, node: "graph input '\(input.name)'")
        }
        let known = Set(inputs.map(\.name))
        if let unknown = shapes.keys.sorted().first(where: { !known.contains($0) }) {
            throw ONNXImportError(
                code: "unknown_input",
                message: "'\(unknown)' is not an input of this model; inputs are \(inputs.map(\.name).joined(separator: ", "))")
        }
    }

    mutating func importNode(_ node: Onnx_NodeProto) throws(ONNXImportError) {
        let name = node.name.isEmpty ? (node.output.first ?? node.opType) : node.name
        guard node.domain.isEmpty || node.domain == "ai.onnx",
            ONNXImporter.supportedOperators.contains(node.opType)
        else {
            throw .unsupportedOperator(node: name, opType: node.opType, domain: node.domain)
        }
        var inputValues: [ImportValue?] = []
        for input in node.input {
            if input.isEmpty {
                inputValues.append(nil)
            } else if let value = values[input] {
                inputValues.append(value)
            } else {
                throw .invalidGraph(
                    "node '\(name)' (\(node.opType)) reads '\(input)', which is neither a graph input, an initializer nor an earlier node's output (the graph is not in topological order, or has a cycle)")
            }
        }
        let context = NodeContext(node: node, name: name, inputs: inputValues, opset: opset)
        if let folded = try context.foldSpecial() {
            for (output, value) in zip(node.output, folded) where !output.isEmpty {
                values[output] = .constant(value)
            }
            return
        }
        let lowered = try context.lower()
        if let missing = lowered.inputs.compactMap({ $0 }).first(where: { $0 >= inputValues.count || inputValues[$0] == nil }) {
            throw .invalidGraph(
                "node '\(name)' (\(node.opType)) needs an input at position \(missing) (counting from 0), but has "
                    + "\(inputValues.compactMap { $0 }.count) of \(node.input.count) inputs given")
        }
        let engineInputs = lowered.inputs.map { $0.flatMap { inputValues[$0] } }
        // Operators without a shape-only `outputShapes` run on zeros of their input shapes to find it.
        var inputElements = 0
        for case let value? in engineInputs {
            inputElements = Self.adding(inputElements, ONNXImporter.elementCount(value.shape) ?? Int.max)
        }
        guard inputElements <= forwardElementLimit else {
            throw .forwardTooLarge(node: name, elements: inputElements, limit: forwardElementLimit)
        }
        if let planned = try? lowered.op.outputShapes(engineInputs.map { $0?.shape }),
           let huge = planned.first(where: { ONNXImporter.elementCount($0) == nil }) {
            throw .tensorTooLarge(node: name, shape: huge)
        }
        if engineInputs.allSatisfy({ $0 == nil || $0!.isConstant }) {
            let outputs = try context.fold(lowered, engineInputs: engineInputs)
            for (output, value) in zip(node.output, outputs) where !output.isEmpty {
                values[output] = .constant(value)
            }
            return
        }
        var inputNames: [String] = []
        var shapes: [[Int]?] = []
        for (position, value) in zip(lowered.inputs, engineInputs) {
            guard let position, let value else {
                inputNames.append("")
                shapes.append(nil)
                continue
            }
            let inputName = node.input[position]
            switch value {
            case .parameter(let tensor):
                parameters[inputName] = tensor
            case .constant(let constant):
                parameters[inputName] = constant.asFloatTensor
                constantNames.insert(inputName)
            case .dynamic:
                break
            }
            inputNames.append(inputName)
            shapes.append(value.shape)
        }
        let outputShapes: [[Int]]
        do {
            outputShapes = try lowered.op.outputShapes(shapes)
        } catch {
            throw .shapeMismatch(node: name, opType: node.opType, "\(error)")
        }
        for (output, shape) in zip(node.output, outputShapes) where !output.isEmpty {
            values[output] = .dynamic(shape: shape)
        }
        var held = (try? lowered.op.workingElementCount(shapes)) ?? 0
        for shape in outputShapes { held = Self.adding(held, ONNXImporter.elementCount(shape) ?? Int.max) }
        try holdForward(held, node: name)
        let outputs = Array(node.output.prefix(outputShapes.count))
        nodes.append(Graph.Node(name: name, op: lowered.op, inputs: inputNames, outputs: outputs))
    }

    /// Counts `elements` more held by the forward pass, refusing the graph past the limit.
    mutating func holdForward(_ elements: Int, node: String) throws(ONNXImportError) {
        forwardElements = Self.adding(forwardElements, elements)
        guard forwardElements <= forwardElementLimit else {
            throw .forwardTooLarge(node: node, elements: forwardElements, limit: forwardElementLimit)
        }
    }

    static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    func finish() throws(ONNXImportError) -> ImportedGraph {
        var outputs: [String] = []
        var folded: [String: ONNXTensorValue] = [:]
        for output in model.graph.output {
            switch values[output.name] {
            case .dynamic?: outputs.append(output.name)
            case .parameter(let tensor)?: folded[output.name] = .float(tensor)
            case .constant(let value)?: folded[output.name] = value
            case nil: throw .invalidGraph("graph output '\(output.name)' is produced by no node")
            }
        }
        var shapes: [String: [Int]] = [:]
        var constants: [String: ONNXTensorValue] = [:]
        for (name, value) in values {
            if case .constant(let constant) = value {
                constants[name] = constant
            } else {
                shapes[name] = value.shape
            }
        }
        let graph = Graph(inputs: inputs, parameters: parameters, nodes: nodes, outputs: outputs)
        return ImportedGraph(
            graph: graph, shapes: shapes, constantNames: constantNames, foldedOutputs: folded, constants: constants,
            forwardElementCount: forwardElements)
    }
}

extension ONNXImporter {
    /// Operators lowered to engine operators (and folded when their inputs are constants).
    static let loweredOperators: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Equal", "Less", "Greater", "Neg", "Sqrt", "Exp", "Log",
        "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Softmax", "LogSoftmax", "Clip",
        "Where", "Identity", "Dropout", "Cast", "Transpose", "Reshape", "Flatten", "Squeeze", "Unsqueeze",
        "Concat", "Split", "Slice", "Gather", "Expand", "Tile", "Pad", "ReduceMean", "ReduceSum", "ReduceMax",
        "ReduceProd", "Conv", "Gemm", "MatMul", "BatchNormalization", "LayerNormalization", "MaxPool",
        "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LSTM", "GRU",
    ]
}
