import Foundation

/// Typed access to an ONNX node's attributes, with errors that name the node.
struct NodeAttributes {
    let node: Onnx_NodeProto
    private let byName: [String: Onnx_AttributeProto]

    init(_ node: Onnx_NodeProto) {
        self.node = node
        var byName: [String: Onnx_AttributeProto] = [:]
        for attribute in node.attribute { byName[attribute.name] = attribute }
        self.byName = byName
    }

    var names: Set<String> { Set(byName.keys) }

    func has(_ name: String) -> Bool { byName[name] != nil }

    func int(_ name: String) -> Int? {
        byName[name].map { Int($0.i) }
    }

    func int(_ name: String, default value: Int) -> Int { int(name) ?? value }

    func ints(_ name: String) -> [Int]? {
        byName[name].map { $0.ints.map { Int($0) } }
    }

    func float(_ name: String) -> Float? { byName[name]?.f }

    func float(_ name: String, default value: Float) -> Float { float(name) ?? value }

    func floats(_ name: String) -> [Float]? { byName[name]?.floats }

    func string(_ name: String) -> String? {
        byName[name].map { String(decoding: $0.s, as: UTF8.self) }
    }

    func strings(_ name: String) -> [String]? {
        byName[name].map { $0.strings.map { String(decoding: $0, as: UTF8.self) } }
    }

    func tensor(_ name: String) -> Onnx_TensorProto? {
        guard let attribute = byName[name], attribute.hasT else { return nil }
        return attribute.t
    }

    /// Throws when the node carries an attribute outside `known`, so that nothing the engine would
    /// ignore silently changes a model's meaning.
    func requireOnly(_ known: Set<String>) throws(ONNXImportError) {
        let unknown = names.subtracting(known)
        guard unknown.isEmpty else {
            throw .unsupportedAttribute(
                node: node.name, opType: node.opType,
                "attribute(s) \(unknown.sorted().joined(separator: ", ")) not supported; supported: \(known.sorted().joined(separator: ", "))")
        }
    }
}
