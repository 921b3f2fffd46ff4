import Testing

@testable import NeuralEngine

/// x (N, 3) → Gemm(W (4, 3), b, transB) → h → Tanh → a; a feeds both Mul(a, scale) and
/// ReduceSum(a, axis 1), so its gradient accumulates from two nodes; y = m + r (N, 4).
func twoPathGraph(batch: Int = -1) -> Graph {
    Graph(
        inputs: [(name: "x", shape: [batch, 3])],
        parameters: [
            "W": randomTensor([4, 3], seed: 101), "b": randomTensor([4], seed: 102),
            "scale": randomTensor([4], seed: 103, in: 0.5...1.5),
        ],
        nodes: [
            .init(name: "linear", op: Gemm(transB: true), inputs: ["x", "W", "b"], outputs: ["h"]),
            .init(name: "activation", op: Tanh(), inputs: ["h"], outputs: ["a"]),
            .init(name: "scaled", op: Mul(), inputs: ["a", "scale"], outputs: ["m"]),
            .init(name: "total", op: ReduceSum(axes: [1]), inputs: ["a"], outputs: ["r"]),
            .init(name: "output", op: Add(), inputs: ["m", "r"], outputs: ["y"]),
        ],
        outputs: ["y"])
}

/// Central finite differences of `Σ seed ⊙ graph[output]` with respect to one input or parameter.
func graphFiniteDifference(_ graph: Graph, feeds: [String: Tensor], output: String, seed: Tensor, wrt name: String, h: Float = 1e-2) throws -> Tensor {
    func loss(_ graph: Graph, _ feeds: [String: Tensor]) throws -> Double {
        let values = try GraphExecutor(graph: graph).run(feeds).values[output]!.values
        return zip(values, seed.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    let isParameter = graph.parameters[name] != nil
    let base = isParameter ? graph.parameters[name]! : feeds[name]!
    var gradient = Tensor(shape: base.shape)
    for element in 0..<base.count {
        var losses: [Double] = []
        for sign: Float in [1, -1] {
            var perturbed = base
            perturbed.values[element] += sign * h
            var g = graph, f = feeds
            if isParameter { g.parameters[name] = perturbed } else { f[name] = perturbed }
            losses.append(try loss(g, f))
        }
        gradient.values[element] = Float((losses[0] - losses[1]) / Double(2 * h))
    }
    return gradient
}

struct ExecutorTests {
    let feeds = ["x": randomTensor([3, 3], seed: 104)]

    @Test func keepsEveryIntermediateTensorByName() throws {
        let execution = try GraphExecutor(graph: twoPathGraph()).run(feeds)
        for name in ["x", "W", "b", "scale", "h", "a", "m", "r", "y"] {
            #expect(execution.values[name] != nil, "missing \(name)")
        }
        #expect(execution.values["r"]!.shape == [3, 1])
        #expect(execution.forwardResults.count == 5)
        let a = execution.values["a"]!, scale = execution.values["scale"]!
        let expected = a[[1, 2]] * scale.values[2] + (0..<4).map { a[[1, $0]] }.reduce(0, +)
        #expect(abs(execution.values["y"]![[1, 2]] - expected) < 1e-5)
    }

    /// Inference gives every tensor `run` gives, with the same values; asked to keep some, it returns
    /// exactly those (here `a`, which two nodes read, and the output).
    @Test func inferenceGivesRunsValuesAndKeepsOnlyWhatIsAskedFor() throws {
        let executor = GraphExecutor(graph: twoPathGraph())
        let execution = try executor.run(feeds)
        let everything = try executor.infer(feeds)
        #expect(Set(everything.keys) == Set(execution.values.keys))
        for (name, value) in execution.values { #expect(everything[name] == value, "\(name) differs") }
        let kept = try executor.infer(feeds, keeping: ["a", "y"])
        #expect(Set(kept.keys) == ["a", "y"])
        #expect(kept["y"] == execution.values["y"] && kept["a"] == execution.values["a"])
        #expect(throws: EngineError.self) { try executor.infer([:], keeping: ["y"]) }
    }

    @Test func gradientsOfInputsAndParametersMatchFiniteDifferences() throws {
        let graph = twoPathGraph()
        let executor = GraphExecutor(graph: graph)
        let seed = randomTensor([3, 4], seed: 105)
        let gradients = try executor.gradients(of: try executor.run(feeds), seeds: ["y": seed])
        #expect(Set(gradients.keys) == ["x", "W", "b", "scale"])
        for name in ["x", "W", "b", "scale"] {
            let numeric = try graphFiniteDifference(graph, feeds: feeds, output: "y", seed: seed, wrt: name)
            let worst = zip(gradients[name]!.values, numeric.values).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst <= 2e-3, "gradient w.r.t. \(name): largest relative difference \(worst), tolerance 2e-3")
        }
    }

    @Test func gradientAccumulatesWhereATensorFeedsTwoNodes() throws {
        let executor = GraphExecutor(graph: twoPathGraph())
        let execution = try executor.run(feeds)
        let seed = Tensor.oneHot(shape: [3, 4], index: [0, 1])
        let gradients = try executor.gradients(of: execution, seeds: ["y": seed], wrt: ["a"])
        // dy[0,1]/da[0,j] = scale[1]·[j == 1] (through Mul) + 1 (through ReduceSum).
        let scale = execution.values["scale"]!.values[1]
        expectClose(gradients["a"]!.values, [1, 1 + scale, 1, 1] + Array(repeating: 0, count: 8))
    }

    @Test func oneSeedPerBatchRowEqualsSeparateSingleSeedRuns() throws {
        let executor = GraphExecutor(graph: twoPathGraph())
        let execution = try executor.run(feeds)
        let together = try executor.gradients(of: execution, seeds: ["y": .oneHotPerBatchRow(shape: [3, 4], indexInRow: [2])])["x"]!
        for row in 0..<3 {
            let alone = try executor.gradients(of: execution, seeds: ["y": .oneHot(shape: [3, 4], index: [row, 2])])["x"]!
            expectClose(Array(together.values[(row * 3)..<(row * 3 + 3)]), Array(alone.values[(row * 3)..<(row * 3 + 3)]), tolerance: 0)
        }
    }

    @Test func seedsOnIntermediatesSkipUnreachedNodes() throws {
        let executor = GraphExecutor(graph: twoPathGraph())
        let execution = try executor.run(feeds)
        let gradients = try executor.gradients(of: execution, seeds: ["r": Tensor(shape: [3, 1], repeating: 1)])
        #expect(gradients["scale"] == Tensor(shape: [4]))
        #expect(gradients["x"]!.values.contains { $0 != 0 })
    }

    @Test func badFeedShapeNamesTheInputAndBothShapes() throws {
        let executor = GraphExecutor(graph: twoPathGraph(batch: 2))
        do {
            _ = try executor.run(["x": Tensor(shape: [2, 5])])
            Issue.record("expected a shape error")
        } catch let error as EngineError {
            #expect(error.message.contains("'x'") && error.message.contains("[2, 5]") && error.message.contains("[2, 3]"))
        }
        #expect(throws: EngineError.self) { try executor.run([:]) }
        #expect(throws: EngineError.self) { try executor.run(["x": Tensor(shape: [2, 3]), "extra": Tensor(shape: [1])]) }
    }

    @Test func operatorErrorsNameTheNode() throws {
        var graph = twoPathGraph()
        graph.parameters["W"] = Tensor(shape: [4, 5])
        do {
            _ = try GraphExecutor(graph: graph).run(feeds)
            Issue.record("expected an operator error")
        } catch let error as EngineError {
            #expect(error.message.hasPrefix("node 'linear' (Gemm)"))
        }
    }

    @Test func seedWithTheWrongShapeIsRejected() throws {
        let executor = GraphExecutor(graph: twoPathGraph())
        let execution = try executor.run(feeds)
        #expect(throws: EngineError.self) { try executor.gradients(of: execution, seeds: ["y": Tensor(shape: [4])]) }
        #expect(throws: EngineError.self) { try executor.gradients(of: execution, seeds: ["nope": Tensor(shape: [4])]) }
    }
}
