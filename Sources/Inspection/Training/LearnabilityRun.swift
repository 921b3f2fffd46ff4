import NeuralEngine

/// A short regression run that asks whether an architecture can learn a target: train a (fresh) graph
/// with mean squared error on standardised targets and follow held-out R² epoch by epoch.
///
/// Targets are standardised with `TargetScaling(fitting:)` of the train targets; predictions are the
/// graph's `pooled_logit`, unstandardised. Tuning R² per epoch is `1 − SSE / SST` with
/// `SST = Σ (y − mean of the train targets)²`: the constant baseline that predicts the train mean scores
/// exactly 0, so R² > 0 means the model beats it on held-out weeks (and it can be negative).
/// An epoch is `⌊train.count / batchSize⌋` steps of `Trainer` (Adam, constant learning rate after a
/// one-epoch linear warm-up), deterministic given the seed.
public struct LearnabilityRun: Codable, Sendable, Equatable {
    public struct Epoch: Codable, Sendable, Equatable {
        /// 1-based.
        public var epoch: Int
        /// Mean minibatch MSE over the epoch, in standardised units.
        public var trainLoss: Double
        /// Mean squared error on tuning, in the target's unit.
        public var tuningMSE: Double
        /// The same for the constant train-mean prediction.
        public var baselineMSE: Double
        /// `1 − tuningMSE / baselineMSE`; nil when the tuning targets all equal the train mean.
        public var tuningR2: Double?
    }

    public struct Result: Sendable {
        public var epochs: [Epoch]
        public var graph: Graph
        public var scaling: TargetScaling
        /// Tuning predictions of the final graph, in the target's unit.
        public var tuningPredictions: [Float]
    }

    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var seed: UInt64

    public init(epochs: Int, batchSize: Int = 8, learningRate: Float = 3e-3, seed: UInt64 = 1) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
    }

    /// Trains `graph` on `train` (targets in their own unit) and scores `tuning` after every epoch.
    /// - Parameters:
    ///   - epochCompleted: called after every epoch; what it throws stops the run and is rethrown.
    ///   - stepCompleted: called after every step (after `epochCompleted` when the step ends an epoch) with
    ///     the epochs completed so far and the graph as trained up to that step; what it throws stops the
    ///     run and is rethrown (how a caller stops a run mid-epoch and keeps its weights).
    public func run(
        _ graph: Graph, train: [TrainingExample], tuning: [TrainingExample],
        epochCompleted: ((Epoch) throws -> Void)? = nil, stepCompleted: (([Epoch], Graph) throws -> Void)? = nil
    ) throws -> Result {
        let stepsPerEpoch = batchSize > 0 ? train.count / batchSize : 0
        guard epochs > 0, stepsPerEpoch > 0, !tuning.isEmpty else {
            throw EngineError("a learnability run needs at least one epoch, one batch of \(batchSize) train weeks and one tuning week; "
                + "got \(epochs) epochs, \(train.count) train and \(tuning.count) tuning weeks")
        }
        let scaling = TargetScaling(fitting: train.map(\.target))
        let schedule = TrainingSchedule(steps: epochs * stepsPerEpoch, batchSize: batchSize,
                                        baseLearningRate: learningRate, warmupSteps: stepsPerEpoch)
        let trainer = Trainer(schedule: schedule, seed: seed, objective: .meanSquaredError)
        let targets = tuning.map(\.target)
        var history: [Epoch] = []
        var epochLoss = 0.0
        var predictions: [Float] = []
        let result = try trainer.train(graph, on: scaling.standardise(train), progress: { _, _, loss in
            epochLoss += Double(loss)
        }, afterStep: { step, current in
            guard step % stepsPerEpoch == 0 else {
                try stepCompleted?(history, current)
                return
            }
            predictions = try Trainer.scores(of: current, on: tuning, batchSize: batchSize, output: "pooled_logit")
                .map(scaling.unstandardise)
            let fit = Self.meanSquaredErrors(predictions: predictions, targets: targets, baseline: scaling.mean)
            let epoch = Epoch(epoch: step / stepsPerEpoch, trainLoss: epochLoss / Double(stepsPerEpoch),
                              tuningMSE: fit.model, baselineMSE: fit.baseline,
                              tuningR2: fit.baseline > 0 ? 1 - fit.model / fit.baseline : nil)
            epochLoss = 0
            history.append(epoch)
            try epochCompleted?(epoch)
            try stepCompleted?(history, current)
        })
        return Result(epochs: history, graph: result.graph, scaling: scaling, tuningPredictions: predictions)
    }

    /// Mean squared errors of `predictions` and of the constant `baseline` against `targets`, in Float64.
    private static func meanSquaredErrors(predictions: [Float], targets: [Float], baseline: Double) -> (model: Double, baseline: Double) {
        var model = 0.0, constant = 0.0
        for (prediction, target) in zip(predictions, targets) {
            model += (Double(prediction) - Double(target)) * (Double(prediction) - Double(target))
            constant += (baseline - Double(target)) * (baseline - Double(target))
        }
        let count = Double(targets.count)
        return (model / count, constant / count)
    }
}
