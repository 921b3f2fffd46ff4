/// The learning rate of every step of a training run, and its minibatch plan.
///
/// Rate at step s (0-based): a linear warm-up from `baseLearningRate / warmupSteps` to
/// `baseLearningRate` over the first `warmupSteps` steps; then `baseLearningRate`, except during the
/// spike (`spike.startStep ..< spike.startStep + spike.length`), which runs at `spike.learningRate`; over
/// the last `decaySteps` steps the rate falls linearly to 10% of the base.
///
/// The spike reproduces a well-known accident (a mistyped learning rate for a few hundred
/// milliseconds of a run, a restart with the wrong config): with Adam every parameter moves by about
/// the spike's rate per step whatever its gradient, which is enough to push ReLU units into the region
/// where they never fire again. Dead ReLU units get no gradient, so they stay dead; LeakyReLU units
/// still get one and recover.
public struct TrainingSchedule: Codable, Sendable, Equatable {
    public struct Spike: Codable, Sendable, Equatable {
        /// How the spike's steps update the parameters.
        public enum Update: String, Codable, Sendable {
            /// Adam's usual update at the spike's rate (moves every parameter by about that much).
            case adam
            /// A plain gradient step `p ← p − rate · g` (no momentum, no normalisation), Adam's moments
            /// left untouched: the step scales with the gradient, as when a loss-scaling or
            /// optimizer-config accident lets a raw gradient through.
            case sgd
        }

        public var startStep: Int
        public var length: Int
        public var learningRate: Float
        public var update: Update

        public init(startStep: Int, length: Int, learningRate: Float, update: Update = .adam) {
            self.startStep = startStep
            self.length = length
            self.learningRate = learningRate
            self.update = update
        }
    }

    /// The spike when `step` falls inside it.
    public func spike(atStep step: Int) -> Spike? {
        guard let spike, step >= spike.startStep, step < spike.startStep + spike.length else { return nil }
        return spike
    }

    public var steps: Int
    public var batchSize: Int
    public var baseLearningRate: Float
    public var warmupSteps: Int
    public var decaySteps: Int
    public var spike: Spike?

    public init(steps: Int, batchSize: Int, baseLearningRate: Float, warmupSteps: Int = 0, decaySteps: Int = 0, spike: Spike? = nil) {
        self.steps = steps
        self.batchSize = batchSize
        self.baseLearningRate = baseLearningRate
        self.warmupSteps = warmupSteps
        self.decaySteps = decaySteps
        self.spike = spike
    }

    public func learningRate(atStep step: Int) -> Float {
        if let spike = spike(atStep: step) { return spike.learningRate }
        if step < warmupSteps {
            return baseLearningRate * Float(step + 1) / Float(warmupSteps)
        }
        let decayStart = steps - decaySteps
        if decaySteps > 0, step >= decayStart {
            let fraction = Float(step - decayStart + 1) / Float(decaySteps)
            return baseLearningRate * (1 - 0.9 * fraction)
        }
        return baseLearningRate
    }

    /// A one-line description for the model card.
    public var summary: String {
        var text = "Adam (β1 0.9, β2 0.999, ε 1e-8), \(steps) steps of \(batchSize) weeks, "
            + "learning rate \(baseLearningRate) after a \(warmupSteps)-step linear warm-up"
        if decaySteps > 0 { text += ", linear decay to 10% over the last \(decaySteps) steps" }
        if let spike {
            text += "; spike: \(spike.update == .sgd ? "plain gradient steps" : "Adam") at \(spike.learningRate) for steps \(spike.startStep)..<\(spike.startStep + spike.length)"
        }
        return text
    }
}
