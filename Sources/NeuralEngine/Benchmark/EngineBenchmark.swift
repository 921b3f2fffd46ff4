#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times a sequence model's forward pass and its input gradient on the engine.
///
/// The model takes `series (N, T, C)` and `metadata (N, F)` and produces `per_step (N, T, 1)`; the
/// gradient is that of `per_step[n, t0, 0]` for every batch row n at once (one seed per row, one backward
/// pass), with respect to every input and parameter. Inputs are seeded uniform noise in [-1, 1].
public struct EngineBenchmark {
    /// One timed configuration; times are medians over the repeats, in milliseconds per batch.
    public struct Result: Sendable, Codable {
        public var batch: Int
        public var steps: Int
        public var repeats: Int
        public var forwardMilliseconds: Double
        public var gradientMilliseconds: Double
        public var forwardSamples: [Double]
        public var gradientSamples: [Double]
        /// Per week (batch row): the batch time divided by N.
        public var forwardMillisecondsPerWeek: Double { forwardMilliseconds / Double(batch) }
        public var gradientMillisecondsPerWeek: Double { gradientMilliseconds / Double(batch) }
    }

    public var makeGraph: (_ batch: Int) throws -> Graph
    public var steps: Int
    public var seedStep: Int
    public var seedOutput: String

    public init(steps: Int, seedStep: Int, seedOutput: String = "per_step", makeGraph: @escaping (_ batch: Int) throws -> Graph) {
        self.steps = steps
        self.seedStep = seedStep
        self.seedOutput = seedOutput
        self.makeGraph = makeGraph
    }

    /// Runs one warm-up of each measurement, then `repeats` timed runs of forward and of forward + gradient.
    ///
    /// Forward is `GraphExecutor.infer` keeping the graph's outputs, as evaluations run it; the gradient
    /// runs `run` (which saves what backward needs) and then `gradients`.
    public func run(batch: Int, repeats: Int) throws -> Result {
        let executor = GraphExecutor(graph: try makeGraph(batch))
        var random = SplitMix64(seed: 7)
        var feeds: [String: Tensor] = [:]
        for (name, shape) in executor.graph.inputs {
            let concrete = shape.enumerated().map { $0.element == -1 ? ($0.offset == 0 ? batch : steps) : $0.element }
            feeds[name] = Initializer.uniform(shape: concrete, bound: 1, using: &random)
        }
        let outputs = Set(executor.graph.outputs)
        func forward() throws { _ = try executor.infer(feeds, keeping: outputs) }
        func gradient() throws {
            let execution = try executor.run(feeds)
            guard let output = execution.values[seedOutput] else {
                throw EngineError("benchmark: the model has no tensor '\(seedOutput)'")
            }
            var index = [Int](repeating: 0, count: output.rank - 1)
            if index.count >= 1 { index[0] = seedStep }
            let seed = Tensor.oneHotPerBatchRow(shape: output.shape, indexInRow: index)
            _ = try executor.gradients(of: execution, seeds: [seedOutput: seed])
        }
        _ = try forward()
        let forwardSamples = try (0..<repeats).map { _ in try Self.milliseconds { _ = try forward() } }
        try gradient()
        let gradientSamples = try (0..<repeats).map { _ in try Self.milliseconds { try gradient() } }
        return Result(
            batch: batch, steps: steps, repeats: repeats,
            forwardMilliseconds: Self.median(forwardSamples), gradientMilliseconds: Self.median(gradientSamples),
            forwardSamples: forwardSamples, gradientSamples: gradientSamples)
    }

    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }

    static func median(_ samples: [Double]) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The process's peak resident set size so far, in megabytes (`getrusage` `ru_maxrss`, kilobytes on Linux).
    public static var peakResidentMegabytes: Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Double(usage.ru_maxrss) / 1024
        #else
        return Double(usage.ru_maxrss) / (1024 * 1024)
        #endif
    }
}

extension EngineBenchmark {
    /// Time spent in each node's forward and backward, for finding what dominates.
    ///
    /// Forward runs the nodes in order as `GraphExecutor.run` does; backward calls each node's `backward`
    /// on its recorded inputs with all-ones output gradients (the cost of a backward pass hardly depends
    /// on the values). Milliseconds, one run after the warm-up `run` did.
    public func profile(batch: Int) throws -> [(node: String, opType: String, forward: Double, backward: Double)] {
        let executor = GraphExecutor(graph: try makeGraph(batch))
        var random = SplitMix64(seed: 7)
        var values = executor.graph.parameters
        for (name, shape) in executor.graph.inputs {
            let concrete = shape.enumerated().map { $0.element == -1 ? ($0.offset == 0 ? batch : steps) : $0.element }
            values[name] = Initializer.uniform(shape: concrete, bound: 1, using: &random)
        }
        var rows: [(String, String, Double, Double)] = []
        for node in executor.graph.nodes {
            let inputs = node.inputs.map { $0.isEmpty ? nil : values[$0] }
            var result = ForwardResult(outputs: [])
            let forward = try Self.milliseconds { result = try node.op.forward(inputs) }
            for (name, output) in zip(node.outputs, result.outputs) where !name.isEmpty { values[name] = output }
            let seeds = result.outputs.map { Tensor(shape: $0.shape, repeating: 1) as Tensor? }
            let backward = try Self.milliseconds { _ = try node.op.backward(inputs, forward: result, outputGradients: seeds) }
            rows.append((node.name, node.op.opType, forward, backward))
        }
        return rows
    }
}
