/// One forward run of a graph: every tensor by name, and what each node saved for its backward pass.
public struct Execution: Sendable {
    /// Every graph input, parameter, intermediate and output tensor, by name.
    public var values: [String: Tensor]
    /// The forward result of each node, indexed like `Graph.nodes`.
    public var forwardResults: [ForwardResult]
}

/// Runs a `Graph` forward keeping every intermediate tensor, and differentiates it in reverse mode.
///
/// `graph` is a `var` so that a training loop can update `graph.parameters` in place between runs.
public struct GraphExecutor: Sendable {
    public var graph: Graph

    public init(graph: Graph) {
        self.graph = graph
    }

    /// Runs every node in order on `feeds` (one tensor per graph input).
    ///
    /// Throws when a feed is missing, unknown, or has a shape that disagrees with the graph's declared
    /// input shape (-1 matches any size); the message names the input and both shapes. Operator errors
    /// are rethrown prefixed with the node's name and operator.
    public func run(_ feeds: [String: Tensor]) throws -> Execution {
        var values = try startingValues(feeds)
        var results: [ForwardResult] = []
        results.reserveCapacity(graph.nodes.count)
        for node in graph.nodes {
            let inputs = try node.inputs(from: values)
            let result = try perform(node) { try node.op.forward(inputs) }
            for (name, output) in zip(node.outputs, result.outputs) where !name.isEmpty {
                values[name] = output
            }
            results.append(result)
        }
        return Execution(values: values, forwardResults: results)
    }

    /// Runs every node in order on `feeds` for its values alone, saving nothing for `gradients`
    /// (`Operator.infer`): for predictions and activations.
    ///
    /// With `keeping`, returns only the named tensors and frees every other one as soon as the last node
    /// that reads it has run; without, returns every tensor as `run` does. Feeds are checked as in `run`.
    public func infer(_ feeds: [String: Tensor], keeping: Set<String>? = nil) throws -> [String: Tensor] {
        var values = try startingValues(feeds)
        var lastReader: [String: Int] = [:]
        if keeping != nil {
            for (index, node) in graph.nodes.enumerated() {
                for name in node.inputs where !name.isEmpty { lastReader[name] = index }
            }
        }
        for (index, node) in graph.nodes.enumerated() {
            let inputs = try node.inputs(from: values)
            let outputs = try perform(node) { try node.op.infer(inputs) }
            for (name, output) in zip(node.outputs, outputs) where !name.isEmpty {
                values[name] = output
            }
            guard let keeping else { continue }
            for name in node.inputs
            where !name.isEmpty && lastReader[name] == index && !keeping.contains(name) && !node.outputs.contains(name) {
                values[name] = nil
            }
        }
        guard let keeping else { return values }
        return values.filter { keeping.contains($0.key) }
    }

    /// Graph parameters plus the checked feeds.
    ///
    /// Throws when a feed is missing, unknown, or has a shape that disagrees with the graph's declared
    /// input shape (-1 matches any size); the message names the input and both shapes.
    private func startingValues(_ feeds: [String: Tensor]) throws -> [String: Tensor] {
        var values = graph.parameters
        for (name, declared) in graph.inputs {
            guard let feed = feeds[name] else {
                throw EngineError("input '\(name)' (shape \(declared)) was not fed")
            }
            let matches = feed.rank == declared.count
                && zip(feed.shape, declared).allSatisfy { $1 == -1 || $0 == $1 }
            guard matches else {
                throw EngineError("input '\(name)' has shape \(feed.shape) but the graph expects \(declared) (-1 = any size)")
            }
            values[name] = feed
        }
        let declaredNames = Set(graph.inputs.map(\.name))
        if let unknown = feeds.keys.sorted().first(where: { !declaredNames.contains($0) }) {
            throw EngineError("feed '\(unknown)' is not a graph input; inputs are \(graph.inputs.map(\.name))")
        }
        return values
    }

    /// Runs one node's operator, prefixing its errors with the node's name and operator.
    private func perform<R>(_ node: Graph.Node, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as EngineError {
            throw EngineError("node '\(node.name)' (\(node.op.opType)): \(error.message)")
        }
    }

    /// Reverse-mode gradients of `Σ seed ⊙ tensor` over the seeded tensors.
    ///
    /// `seeds` maps graph outputs or intermediates to dL/d(tensor), each of that tensor's shape (e.g.
    /// `Tensor.oneHot` to pick one element, `Tensor.oneHotPerBatchRow` for one element per batch row in
    /// a single pass). Where a tensor feeds several nodes its gradients add up. Nodes that no seed
    /// reaches, or that depend on no input or parameter, are skipped.
    ///
    /// Returns the gradient with respect to every graph input and every parameter (zeros where none
    /// flows), plus every intermediate named in `wrt`.
    public func gradients(of execution: Execution, seeds: [String: Tensor], wrt: Set<String>? = nil) throws -> [String: Tensor] {
        var gradients: [String: Tensor] = [:]
        for (name, seed) in seeds {
            guard let value = execution.values[name] else {
                throw EngineError("seed '\(name)' names no tensor of this execution")
            }
            guard value.shape == seed.shape else {
                throw EngineError("seed for '\(name)' has shape \(seed.shape) but the tensor has shape \(value.shape)")
            }
            gradients[name] = seed
        }
        let kept = Set(graph.inputs.map(\.name)).union(graph.parameters.keys).union(wrt ?? [])

        // Forward sweep: a tensor needs a gradient if it depends on something whose gradient is asked for.
        var dependsOnKept = kept
        for node in graph.nodes where node.inputs.contains(where: { dependsOnKept.contains($0) }) {
            dependsOnKept.formUnion(node.outputs)
        }

        for (index, node) in graph.nodes.enumerated().reversed() {
            let outputGradients = node.outputs.map { $0.isEmpty ? nil : gradients[$0] }
            guard outputGradients.contains(where: { $0 != nil }),
                  node.inputs.contains(where: { dependsOnKept.contains($0) }) else { continue }
            let inputs = node.inputs.map { $0.isEmpty ? nil : execution.values[$0] }
            let inputGradients: [Tensor?]
            do {
                inputGradients = try node.op.backward(inputs, forward: execution.forwardResults[index], outputGradients: outputGradients)
            } catch let error as EngineError {
                throw EngineError("node '\(node.name)' (\(node.op.opType)) backward: \(error.message)")
            }
            for name in node.outputs where !kept.contains(name) {
                gradients[name] = nil  // consumed: each node output has a single producer
            }
            for (name, gradient) in zip(node.inputs, inputGradients) {
                guard !name.isEmpty, let gradient, dependsOnKept.contains(name) else { continue }
                if var existing = gradients[name] {
                    existing.add(gradient)
                    gradients[name] = existing
                } else {
                    gradients[name] = gradient
                }
            }
        }

        var result: [String: Tensor] = [:]
        for name in kept {
            if let gradient = gradients[name] {
                result[name] = gradient
            } else if let value = execution.values[name] {
                result[name] = Tensor(shape: value.shape)
            }
        }
        return result
    }
}

extension Graph.Node {
    /// This node's inputs from `values`, nil for optional inputs given as empty names.
    func inputs(from values: [String: Tensor]) throws -> [Tensor?] {
        try inputs.map { name -> Tensor? in
            if name.isEmpty { return nil }
            guard let value = values[name] else {
                throw EngineError("node '\(self.name)' (\(op.opType)) reads '\(name)', which no earlier node produced")
            }
            return value
        }
    }
}

extension Tensor {
    /// `self += other` elementwise (shapes must agree).
    mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "adding \(other.shape) to \(shape)")
        values.withUnsafeMutableBufferPointer { target in
            other.values.withUnsafeBufferPointer { source in
                for index in target.indices { target[index] += source[index] }
            }
        }
    }
}
