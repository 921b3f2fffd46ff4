import NeuralEngine

extension UnitScanTensor {
    /// The scan set-up of a model card's inspectable tensors, read from the graph that computes them.
    ///
    /// `activity` is `.positive` for a tensor produced by a `Relu` node and `.nonZero` otherwise.
    /// `upstream` holds the inspectable tensors reached by walking back from the tensor's producing node
    /// through intermediate tensors, stopping at each inspectable tensor, parameter or graph input (e.g.
    /// `lstm_features` ← `act3` through the LSTM's transposes), in the order of `tensors`.
    ///
    /// - Throws: `ActivationInputError.unknownLayout` for a layout other than `NCT` or `NTC`.
    public static func scanTensors(_ tensors: [ModelCard.TensorInfo], in graph: Graph) throws -> [UnitScanTensor] {
        var producers: [String: Graph.Node] = [:]
        for node in graph.nodes {
            for output in node.outputs where !output.isEmpty { producers[output] = node }
        }
        let inspectable = Dictionary(tensors.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        return try tensors.map { info in
            guard let layout = TimeAxisLayout(rawValue: info.layout) else {
                throw ActivationInputError.unknownLayout(tensor: info.name, layout: info.layout)
            }
            guard let producer = producers[info.name] else {
                return UnitScanTensor(name: info.name, layout: layout)
            }
            var found: Set<String> = []
            var visited: Set<String> = []
            var pending = producer.inputs.filter { !$0.isEmpty }
            while let name = pending.popLast() {
                guard visited.insert(name).inserted else { continue }
                if inspectable[name] != nil {
                    found.insert(name)
                } else if let node = producers[name] {
                    pending += node.inputs.filter { !$0.isEmpty }
                }
            }
            return UnitScanTensor(
                name: info.name, layout: layout, activity: producer.op.opType == "Relu" ? .positive : .nonZero,
                upstream: found.sorted { inspectable[$0]! < inspectable[$1]! })
        }
    }
}
