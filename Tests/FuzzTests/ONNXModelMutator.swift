import Foundation
import ONNXFormat
import SwiftProtobuf

/// Mutates an ONNX model as a model, not as bytes: dims, shape constants, attributes, data types,
/// external-data references, operator types and the wiring between nodes, so that most mutants still
/// parse and reach the importer. Unparsable input is left to the byte-level mutations.
enum ONNXModelMutator {
    static let interestingDimensions: [Int64] = [0, 1, 2, 3, -1, -2, 4096, 1 << 20, 1 << 31, 1_000_000_000_000, 1 << 40, .max, .min]
    static let interestingValues: [Int64] = [0, 1, -1, 2, 3, 7, -7, 64, 4096, 1 << 31, 1_000_000_000_000, .max, .min]
    static let interestingFloats: [Float] = [0, -0, 1, -1, 0.5, Float.leastNonzeroMagnitude, 1e38, .infinity, -.infinity, .nan]
    /// Where external data may claim to be: beside the model, escaping it, absolute, or a symlink leading out.
    static let externalLocations = [
        "weights.bin", "../weights.bin", "/etc/passwd", "nested/../../escape.bin", "outside-link.bin", "", "missing.bin", "sub\\..\\x",
        "./weights.bin", "weights.bin/",
    ]
    static let attributeNames = [
        "axis", "axes", "perm", "kernel_shape", "pads", "strides", "dilations", "group", "keepdims", "hidden_size", "direction", "to",
        "epsilon", "transA", "transB", "alpha", "beta", "value", "shape", "linear_before_reset", "layout", "auto_pad", "mode", "split",
        "allowzero", "start", "end", "num_outputs", "stash_type", "noop_with_empty_axes",
    ]
    static let operatorTypes = Array(ONNXImporter.supportedOperators.sorted()) + ["Loop", "Scan", "If", "NonZero", ""]

    /// A structural mutant of `bytes`, or nil when they are not a model.
    static func mutate(_ bytes: [UInt8], _ random: inout FuzzRandom) -> [UInt8]? {
        guard var model = try? Onnx_ModelProto(serializedBytes: bytes) else { return nil }
        for _ in 0..<random.smallCount(upTo: 4) {
            mutate(&model, &random)
        }
        return try? [UInt8](model.serializedData())
    }

    private static func valueNames(_ graph: Onnx_GraphProto) -> [String] {
        graph.input.map(\.name) + graph.initializer.map(\.name) + graph.node.flatMap(\.output) + ["", "nowhere"]
    }

    static func mutate(_ model: inout Onnx_ModelProto, _ random: inout FuzzRandom) {
        switch random.below(13) {
        case 0:
            guard !model.graph.input.isEmpty else { return }
            let input = random.below(model.graph.input.count)
            var dims = model.graph.input[input].type.tensorType.shape.dim
            var dimension = Onnx_TensorShapeProto.Dimension()
            if random.chance(1, in: 4) { dimension.dimParam = "N" } else { dimension.dimValue = random.element(of: interestingDimensions) }
            if dims.isEmpty || random.chance(1, in: 6) { dims.append(dimension) } else { dims[random.below(dims.count)] = dimension }
            model.graph.input[input].type.tensorType.shape.dim = dims
        case 1:
            guard !model.graph.initializer.isEmpty else { return }
            let index = random.below(model.graph.initializer.count)
            var dims = model.graph.initializer[index].dims
            if dims.isEmpty || random.chance(1, in: 4) {
                dims.append(random.element(of: interestingDimensions))
            } else if random.chance(1, in: 4) {
                dims.removeLast()
            } else {
                dims[random.below(dims.count)] = random.element(of: interestingDimensions)
            }
            model.graph.initializer[index].dims = dims
        case 2:
            // Shape constants: the integers Reshape, Expand, Tile, Pad, Slice, Range and ConstantOfShape read.
            let integers = model.graph.initializer.indices.filter { !model.graph.initializer[$0].int64Data.isEmpty }
            if let index = integers.isEmpty ? nil : random.element(of: integers) {
                let count = model.graph.initializer[index].int64Data.count
                model.graph.initializer[index].int64Data[random.below(count)] = random.element(of: interestingValues)
            } else if !model.graph.initializer.isEmpty {
                let index = random.below(model.graph.initializer.count)
                model.graph.initializer[index].rawData = Data((0..<(8 * random.smallCount(upTo: 4))).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
        case 3:
            guard !model.graph.initializer.isEmpty else { return }
            let index = random.below(model.graph.initializer.count)
            if random.chance(1, in: 2) {
                model.graph.initializer[index].dataType = Int32(random.below(24))
            } else {
                let raw = model.graph.initializer[index].rawData
                model.graph.initializer[index].rawData = random.chance(1, in: 2) ? raw.prefix(random.below(raw.count + 1)) : raw + raw
            }
        case 4:
            guard !model.graph.initializer.isEmpty else { return }
            let index = random.below(model.graph.initializer.count)
            model.graph.initializer[index].dataLocation = .external
            var entries: [Onnx_StringStringEntryProto] = []
            for (key, value) in [
                ("location", random.element(of: externalLocations)),
                ("offset", random.element(of: ["0", "4", "-1", "99999999999999999999", "x"])),
                ("length", random.element(of: ["16", "0", "-4", "4000000000000"])),
            ] where key == "location" || random.chance(1, in: 2) {
                var entry = Onnx_StringStringEntryProto()
                (entry.key, entry.value) = (key, value)
                entries.append(entry)
            }
            model.graph.initializer[index].externalData = entries
        case 5:
            guard !model.graph.node.isEmpty else { return }
            model.graph.node[random.below(model.graph.node.count)].opType = random.element(of: operatorTypes)
        case 6:
            // Rewiring: forward references, cycles, a node reading its own output.
            guard !model.graph.node.isEmpty else { return }
            let index = random.below(model.graph.node.count)
            let names = valueNames(model.graph)
            if model.graph.node[index].input.isEmpty || random.chance(1, in: 5) {
                model.graph.node[index].input.append(random.element(of: names))
            } else {
                model.graph.node[index].input[random.below(model.graph.node[index].input.count)] = random.element(of: names)
            }
        case 7:
            guard !model.graph.node.isEmpty else { return }
            let index = random.below(model.graph.node.count)
            switch random.below(4) {
            case 0: model.graph.node.remove(at: index)
            case 1: model.graph.node.insert(model.graph.node[index], at: random.below(model.graph.node.count + 1))
            case 2: model.graph.node.swapAt(index, random.below(model.graph.node.count))
            default: model.graph.node.reverse()
            }
        case 8, 9:
            guard !model.graph.node.isEmpty else { return }
            let index = random.below(model.graph.node.count)
            mutateAttribute(of: &model.graph.node[index], &random)
        case 10:
            var opset = model.opsetImport.first ?? Onnx_OperatorSetIdProto()
            opset.version = random.element(of: [1, 6, 7, 11, 13, 17, 18, 21, 1000, -1])
            model.opsetImport = [opset]
        case 11:
            let names = valueNames(model.graph)
            var output = Onnx_ValueInfoProto()
            output.name = random.element(of: names)
            if model.graph.output.isEmpty || random.chance(1, in: 3) {
                model.graph.output.append(output)
            } else {
                model.graph.output[random.below(model.graph.output.count)] = output
            }
        default:
            // A node's output renamed onto an existing value: two producers of one name.
            guard !model.graph.node.isEmpty else { return }
            let index = random.below(model.graph.node.count)
            guard !model.graph.node[index].output.isEmpty else { return }
            model.graph.node[index].output[0] = random.element(of: valueNames(model.graph))
        }
    }

    private static func mutateAttribute(of node: inout Onnx_NodeProto, _ random: inout FuzzRandom) {
        if node.attribute.isEmpty || random.chance(1, in: 3) {
            var attribute = Onnx_AttributeProto()
            attribute.name = random.element(of: attributeNames)
            switch random.below(4) {
            case 0:
                attribute.type = .int
                attribute.i = random.element(of: interestingValues)
            case 1:
                attribute.type = .ints
                attribute.ints = (0..<random.below(6)).map { _ in random.element(of: interestingValues) }
            case 2:
                attribute.type = .float
                attribute.f = random.element(of: interestingFloats)
            default:
                attribute.type = .string
                attribute.s = Data(random.element(of: ["forward", "reverse", "bidirectional", "SAME_UPPER", "VALID", "", "NOTSET"]).utf8)
            }
            node.attribute.append(attribute)
            return
        }
        let index = random.below(node.attribute.count)
        var attribute = node.attribute[index]
        switch random.below(5) {
        case 0: attribute.i = random.element(of: interestingValues)
        case 1:
            if attribute.ints.isEmpty || random.chance(1, in: 4) {
                attribute.ints.append(random.element(of: interestingValues))
            } else {
                attribute.ints[random.below(attribute.ints.count)] = random.element(of: interestingValues)
            }
        case 2: attribute.f = random.element(of: interestingFloats)
        case 3: attribute.type = Onnx_AttributeProto.AttributeType(rawValue: random.below(16)) ?? .undefined
        default:
            // A Constant's value tensor: dims and data that disagree.
            if attribute.hasT {
                attribute.t.dims = (0..<random.below(4)).map { _ in random.element(of: interestingDimensions) }
            } else {
                attribute.ints = []
            }
        }
        node.attribute[index] = attribute
    }
}
