/// What `Trainer` minimises, on the pooled logit (the mean over time of the per-step output, before any
/// sigmoid), averaged over the batch.
public enum TrainingObjective: String, Codable, Sendable {
    /// `BCEWithLogits(pooled_logit, target)`, targets 0 or 1: a binary label.
    case binaryCrossEntropy = "binary_cross_entropy"
    /// `(pooled_logit − target)²`: a regression target, which the caller should standardise
    /// (`TargetScaling`) so that the loss starts near 1 whatever the target's unit.
    case meanSquaredError = "mean_squared_error"
}
