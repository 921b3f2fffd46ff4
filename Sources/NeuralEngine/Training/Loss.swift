import Foundation

/// Training losses: each returns the mean loss and its gradient with respect to the predictions,
/// ready to seed `GraphExecutor.gradients`.
public enum Loss {
    /// Binary cross-entropy on logits, averaged over all elements (PyTorch's `BCEWithLogitsLoss`).
    ///
    /// `ℓ = max(x, 0) − x·t + log(1 + e^{−|x|})`, stable for large |x|; `∂ℓ/∂x = (σ(x) − t) / count`.
    /// Targets are usually 0/1 but any value in [0, 1] works. Shapes must agree.
    public static func binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor) throws -> (value: Float, gradient: Tensor) {
        guard logits.shape == targets.shape, logits.count > 0 else {
            throw EngineError("binaryCrossEntropyWithLogits: logits \(logits.shape) and targets \(targets.shape) must have the same non-empty shape")
        }
        let scale = 1 / Float(logits.count)
        var total: Double = 0
        var gradient = Tensor(shape: logits.shape)
        for index in 0..<logits.count {
            let x = logits.values[index], t = targets.values[index]
            total += Double(max(x, 0) - x * t + log1pf(expf(-abs(x))))
            let sigmoid = x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x))
            gradient.values[index] = (sigmoid - t) * scale
        }
        return (Float(total) * scale, gradient)
    }

    /// Mean squared error `Σ (p − t)² / count`; gradient `2 (p − t) / count`. Shapes must agree.
    public static func meanSquaredError(predictions: Tensor, targets: Tensor) throws -> (value: Float, gradient: Tensor) {
        guard predictions.shape == targets.shape, predictions.count > 0 else {
            throw EngineError("meanSquaredError: predictions \(predictions.shape) and targets \(targets.shape) must have the same non-empty shape")
        }
        let scale = 1 / Float(predictions.count)
        var total: Double = 0
        var gradient = Tensor(shape: predictions.shape)
        for index in 0..<predictions.count {
            let difference = predictions.values[index] - targets.values[index]
            total += Double(difference * difference)
            gradient.values[index] = 2 * difference * scale
        }
        return (Float(total) * scale, gradient)
    }
}
