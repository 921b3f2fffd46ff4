import NeuralEngine

/// Minibatch training of a sequence model's graph with Adam on binary cross-entropy or mean squared error.
///
/// Loss (`objective`): `BCEWithLogits(pooled_logit, target)` by default, or `(pooled_logit − target)²`,
/// averaged over the batch (`pooled_logit` is the mean of the per-step outputs). Minibatches: the
/// examples are shuffled with a Fisher–Yates pass driven by `SplitMix64(seed)` at the start of every
/// epoch, and consumed `batchSize` at a time (a short last batch is skipped). Everything is
/// deterministic given the seed, the examples and the schedule: the same loss curve and parameters, bit
/// for bit, on one machine (the LSTM's thread choice depends only on shapes).
public struct Trainer: Sendable {
    public struct Result: Sendable {
        public var graph: Graph
        /// The minibatch loss before each step's update.
        public var lossCurve: [Float]
        public var learningRates: [Float]
    }

    public var schedule: TrainingSchedule
    public var seed: UInt64
    public var objective: TrainingObjective

    public init(schedule: TrainingSchedule, seed: UInt64, objective: TrainingObjective = .binaryCrossEntropy) {
        self.schedule = schedule
        self.seed = seed
        self.objective = objective
    }

    /// Steps of one pass over `exampleCount` examples: the short last batch is skipped.
    public func stepsPerEpoch(exampleCount: Int) -> Int {
        schedule.batchSize > 0 ? exampleCount / schedule.batchSize : 0
    }

    /// Trains `graph` on `examples` (at least one batch of them).
    /// - Parameters:
    ///   - progress: called after every step with (step + 1, total steps, loss).
    ///   - afterStep: called after every step's update with (step + 1, the graph so far); what it throws
    ///     stops the run and is rethrown (e.g. a cancelled job).
    public func train(
        _ graph: Graph, on examples: [TrainingExample], progress: ((Int, Int, Float) -> Void)? = nil,
        afterStep: ((Int, Graph) throws -> Void)? = nil
    ) throws -> Result {
        guard examples.count >= schedule.batchSize, schedule.batchSize > 0 else {
            throw EngineError("training needs at least one batch of \(schedule.batchSize) examples, got \(examples.count)")
        }
        var executor = GraphExecutor(graph: graph)
        var optimizer = Adam(learningRate: schedule.baseLearningRate)
        var rng = SplitMix64(seed: seed ^ 0x5EED_5EED)
        var order: [Int] = []
        var cursor = 0
        var losses: [Float] = []
        var rates: [Float] = []
        for step in 0..<schedule.steps {
            if cursor + schedule.batchSize > order.count {
                order = Array(examples.indices)
                for i in stride(from: order.count - 1, to: 0, by: -1) {
                    order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
                }
                cursor = 0
            }
            let batch = order[cursor..<(cursor + schedule.batchSize)].map { examples[$0] }
            cursor += schedule.batchSize

            let execution = try executor.run(TrainingExample.feeds(batch))
            let logits = execution.values["pooled_logit"]!  // (B, 1)
            let targets = Tensor(shape: [batch.count, 1], values: batch.map(\.target))!
            let (loss, gradient) = switch objective {
            case .binaryCrossEntropy: try Loss.binaryCrossEntropyWithLogits(logits: logits, targets: targets)
            case .meanSquaredError: try Loss.meanSquaredError(predictions: logits, targets: targets)
            }
            var gradients = try executor.gradients(of: execution, seeds: ["pooled_logit": gradient])
            gradients = gradients.filter { executor.graph.parameters[$0.key] != nil }
            let rate = schedule.learningRate(atStep: step)
            if schedule.spike(atStep: step)?.update == .sgd {
                var plainStep = SGD(learningRate: rate)
                plainStep.step(&executor.graph.parameters, gradients: gradients)
            } else {
                optimizer.learningRate = rate
                optimizer.step(&executor.graph.parameters, gradients: gradients)
            }
            losses.append(loss)
            rates.append(rate)
            progress?(step + 1, schedule.steps, loss)
            try afterStep?(step + 1, executor.graph)
        }
        return Result(graph: executor.graph, lossCurve: losses, learningRates: rates)
    }

    /// `pooled` scores (or another `[N, 1]` output, e.g. `pooled_logit` for a regression) of `graph` for
    /// `examples`, in order, computed `batchSize` at a time.
    public static func scores(
        of graph: Graph, on examples: [TrainingExample], batchSize: Int = 16, output: String = "pooled"
    ) throws -> [Float] {
        let executor = GraphExecutor(graph: graph)
        var scores: [Float] = []
        var start = 0
        while start < examples.count {
            let batch = examples[start..<min(examples.count, start + batchSize)]
            guard let values = try executor.infer(TrainingExample.feeds(batch), keeping: [output])[output] else {
                throw EngineError("the graph computes no tensor named '\(output)'")
            }
            scores += values.values
            start += batchSize
        }
        return scores
    }
}
