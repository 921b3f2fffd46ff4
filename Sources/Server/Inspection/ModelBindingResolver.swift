import Foundation
import Inspection
import NeuralEngine
import ONNXFormat

/// Works out a `ModelBinding` for an ONNX model and its card, importing the graph for one 4,096-bin
/// week on the way.
///
/// Rules where the card is silent: the series is the one rank-3 float input (`[N, 4096, C]` unless the
/// 4,096 or a small channel count fixes the other order), the metadata the one rank-2 input; three
/// series channels are `heart_rate, steps, observed` and four metadata features are
/// `age, male, first_generation_watch, utc_offset` (`SequenceInputEncoding`). The per-step output is the
/// rank-3 graph output with a time axis, the pooled output the one of rank ≤ 2. Inspectable tensors are
/// every node output computed from the series that has rank 3 for one week and an axis 1 or 2 dividing
/// 4,096 into steps of ≥ 8 (the longer of the two when both do).
enum ModelBindingResolver {
    /// Why a model cannot be served; answered 422 with `code` and `message`.
    struct Failure: Error, CustomStringConvertible {
        var code: String
        var message: String
        var description: String { message }
    }

    static func resolve(
        model: ONNXModelFile, hints: ModelCardHints, forwardElementLimit: Int = ONNXImporter.defaultForwardElementLimit
    ) throws -> (binding: ModelBinding, imported: ImportedGraph) {
        let inputs = model.inputNames
        let series = try seriesInput(model: model, hints: hints, inputs: inputs)
        let metadata = try metadataInput(model: model, hints: hints, inputs: inputs.filter { $0 != series.name })
        if let stray = inputs.first(where: { $0 != series.name && $0 != metadata?.name }) {
            throw Failure(code: "unbound_input", message: "input '\(stray)' is neither the series nor the metadata; name its role in the model card's inputs")
        }
        let partial = ModelBinding(series: series, metadata: metadata, perStep: nil, pooled: nil, inspectable: [])
        let imported = try importGraph(model, binding: partial, batch: 1, forwardElementLimit: forwardElementLimit)
        let graph = imported.graph
        var producers: [String: Graph.Node] = [:]
        for node in graph.nodes { for output in node.outputs where !output.isEmpty { producers[output] = node } }

        var inspectable: [ModelBinding.TimeTensor]
        if let listed = hints.inspectableTensors {
            inspectable = try listed.map { entry in
                guard let shape = imported.shapes[entry.name] else {
                    throw Failure(code: "unknown_tensor", message: "the model card lists inspectable tensor '\(entry.name)', which the graph does not compute")
                }
                let layout = try entry.layout.map { text in
                    guard let layout = TimeAxisLayout(rawValue: text) else {
                        throw Failure(code: "invalid_model_card", message: "inspectable tensor '\(entry.name)': layout '\(text)' is neither NCT nor NTC")
                    }
                    return layout
                } ?? timeLayout(of: shape)
                guard let layout, shape.count == 3, shape[0] == 1 else {
                    throw Failure(code: "invalid_model_card", message: "inspectable tensor '\(entry.name)' has shape \(shape) for one week; it needs [1, units, steps] or [1, steps, units]")
                }
                return timeTensor(entry.name, shape: shape, layout: layout, opType: producers[entry.name]?.op.opType ?? "")
            }
        } else {
            // Only tensors computed from the series can have its time axis (an LSTM's initial state, made
            // from the metadata, may be shaped like one).
            var fromSeries: Set<String> = [series.name]
            for node in graph.nodes where node.inputs.contains(where: fromSeries.contains) {
                fromSeries.formUnion(node.outputs)
            }
            inspectable = graph.nodes.flatMap { node in
                node.outputs.compactMap { name -> ModelBinding.TimeTensor? in
                    guard !name.isEmpty, fromSeries.contains(name), let shape = imported.shapes[name],
                          let layout = timeLayout(of: shape) else { return nil }
                    return timeTensor(name, shape: shape, layout: layout, opType: node.op.opType)
                }
            }
        }
        let perStepName = hints.output(role: "per_step")
            ?? graph.outputs.first { name in imported.shapes[name].map { timeLayout(of: $0) != nil } ?? false }
        var perStep: ModelBinding.TimeTensor?
        if let perStepName {
            guard let shape = imported.shapes[perStepName] else {
                throw Failure(code: "unknown_tensor", message: "the model card's per_step output '\(perStepName)' is not computed by the graph")
            }
            let layout = inspectable.first { $0.name == perStepName }?.layout ?? timeLayout(of: shape) ?? .ntc
            perStep = timeTensor(perStepName, shape: shape, layout: layout, opType: producers[perStepName]?.op.opType ?? "")
        }
        let pooled = hints.output(role: "pooled")
            ?? graph.outputs.first { name in (imported.shapes[name]?.count ?? 0) <= 2 && name != perStepName }

        let scanned = inspectable + (perStep.map { step in inspectable.contains { $0.name == step.name } ? [] : [step] } ?? [])
        let infos = scanned.map { ModelCard.TensorInfo(name: $0.name, layout: $0.layout.rawValue, units: $0.units, steps: $0.steps) }
        let upstream = Dictionary(uniqueKeysWithValues: try UnitScanTensor.scanTensors(infos, in: graph).map { ($0.name, $0.upstream) })
        for index in inspectable.indices {
            inspectable[index].upstream = upstream[inspectable[index].name] ?? []
        }
        if let name = perStep?.name {
            perStep?.upstream = upstream[name] ?? []
        }
        let binding = ModelBinding(series: series, metadata: metadata, perStep: perStep, pooled: pooled, inspectable: inspectable)
        return (binding, imported)
    }

    /// The model's graph for `batch` weeks at once.
    static func importGraph(
        _ model: ONNXModelFile, binding: ModelBinding, batch: Int, forwardElementLimit: Int = ONNXImporter.defaultForwardElementLimit
    ) throws -> ImportedGraph {
        do {
            return try ONNXImporter.importGraph(
                model.proto, inputShapes: binding.inputShapes(batch: batch), externalDataDirectory: nil, forwardElementLimit: forwardElementLimit)
        } catch {
            throw Failure(code: error.code, message: error.message)
        }
    }

    // MARK: Inputs

    static func seriesInput(model: ONNXModelFile, hints: ModelCardHints, inputs: [String]) throws -> ModelBinding.SeriesInput {
        let named = hints.input(role: "series")
        let candidates = inputs.filter { model.declaredDimensions(of: $0)?.count == 3 }
        guard let name = named?.name ?? (candidates.count == 1 ? candidates[0] : nil) else {
            throw Failure(
                code: "unbound_input",
                message: candidates.isEmpty
                    ? "no rank-3 input takes the week's series; the inputs are \(inputs.joined(separator: ", "))"
                    : "cannot tell which of \(candidates.joined(separator: ", ")) is the series; give the model card's inputs with role \"series\"")
        }
        guard inputs.contains(name), let dimensions = model.declaredDimensions(of: name), dimensions.count == 3 else {
            throw Failure(code: "unbound_input", message: "series input '\(name)' must be a rank-3 graph input ([N, 4096, C] or [N, C, 4096])")
        }
        let bins = SequenceInputEncoding.binCount
        let layout: TimeAxisLayout
        if let shape = named?.input.shape, shape.count == 3 {
            layout = shape[2] == bins ? .nct : .ntc
        } else if dimensions[2] == .fixed(bins) || (isSmallFixed(dimensions[1]) && !isSmallFixed(dimensions[2])) {
            layout = .nct
        } else {
            layout = .ntc
        }
        let timeDimension = layout == .ntc ? dimensions[1] : dimensions[2]
        if case .fixed(let size) = timeDimension, size != bins {
            throw Failure(
                code: size > bins ? "week_too_short" : "week_too_long",
                message: size > bins
                    ? "series input '\(name)' takes \(size) time steps, but a week has only \(bins) bins: the week is shorter than the model needs"
                    : "series input '\(name)' takes \(size) time steps; a week has \(bins) bins, more than the model reads")
        }
        let channelDimension = layout == .ntc ? dimensions[2] : dimensions[1]
        let defaultFits = channelDimension.fixedSize.map { $0 == SequenceInputEncoding.seriesChannels.count } ?? true
        let channels = named?.input.channels ?? (defaultFits ? SequenceInputEncoding.seriesChannels : [])
        guard !channels.isEmpty, channelDimension.fixedSize.map({ $0 == channels.count }) ?? true else {
            throw Failure(code: "unbound_input", message: "series input '\(name)' has \(channelDimension.fixedSize ?? 0) channels; name them in the model card (known: \(SequenceInputEncoding.seriesChannels.joined(separator: ", ")))")
        }
        if let unknown = channels.first(where: { !SequenceInputEncoding.seriesChannels.contains($0) }) {
            throw Failure(code: "unsupported_channel", message: "series channel '\(unknown)' is not one Auscult can feed; known: \(SequenceInputEncoding.seriesChannels.joined(separator: ", "))")
        }
        return ModelBinding.SeriesInput(name: name, layout: layout, channels: channels)
    }

    static func metadataInput(model: ONNXModelFile, hints: ModelCardHints, inputs: [String]) throws -> ModelBinding.MetadataInput? {
        let named = hints.input(role: "metadata")
        let candidates = inputs.filter { model.declaredDimensions(of: $0)?.count == 2 }
        guard let name = named?.name ?? (candidates.count == 1 ? candidates[0] : nil) else { return nil }
        let width = model.declaredDimensions(of: name)?.last?.fixedSize
        let features = named?.input.channels ?? (width == SequenceInputEncoding.metadataFeatures.count ? SequenceInputEncoding.metadataFeatures : [])
        guard !features.isEmpty, width.map({ $0 == features.count }) ?? true else {
            throw Failure(code: "unbound_input", message: "metadata input '\(name)' has \(width.map(String.init) ?? "an unknown number of") features; name them in the model card (known: \(SequenceInputEncoding.metadataFeatures.joined(separator: ", ")))")
        }
        if let unknown = features.first(where: { !SequenceInputEncoding.metadataFeatures.contains($0) }) {
            throw Failure(code: "unsupported_feature", message: "metadata feature '\(unknown)' is not one Auscult can feed; known: \(SequenceInputEncoding.metadataFeatures.joined(separator: ", "))")
        }
        return ModelBinding.MetadataInput(name: name, features: features)
    }

    // MARK: Tensors

    /// The layout of a one-week tensor with a time axis, or nil when it has none.
    static func timeLayout(of shape: [Int]) -> TimeAxisLayout? {
        guard shape.count == 3, shape[0] == 1 else { return nil }
        func isTime(_ size: Int) -> Bool { size >= 8 && SequenceInputEncoding.binCount % size == 0 }
        switch (isTime(shape[1]), isTime(shape[2])) {
        case (true, false): return .ntc
        case (false, true): return .nct
        case (true, true): return shape[1] > shape[2] ? .ntc : .nct
        case (false, false): return nil
        }
    }

    static func timeTensor(_ name: String, shape: [Int], layout: TimeAxisLayout, opType: String) -> ModelBinding.TimeTensor {
        let (units, steps) = layout == .ntc ? (shape[2], shape[1]) : (shape[1], shape[2])
        return ModelBinding.TimeTensor(name: name, layout: layout, units: units, steps: steps, opType: opType, upstream: [])
    }

    static func isSmallFixed(_ dimension: ONNXDimension) -> Bool {
        (dimension.fixedSize ?? .max) <= 16
    }
}

extension ONNXDimension {
    var fixedSize: Int? {
        if case .fixed(let size) = self { return size }
        return nil
    }
}

extension ModelBinding {
    /// The input shapes for `batch` weeks.
    func inputShapes(batch: Int) -> [String: [Int]] {
        let bins = SequenceInputEncoding.binCount
        var shapes = [
            series.name: series.layout == .ntc ? [batch, bins, series.channels.count] : [batch, series.channels.count, bins]
        ]
        if let metadata { shapes[metadata.name] = [batch, metadata.features.count] }
        return shapes
    }
}
