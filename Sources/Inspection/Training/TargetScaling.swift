/// An affine map of regression targets to mean 0 and standard deviation 1, and back.
///
/// `standardise(y) = (y − mean) / std`; `unstandardise(z) = z · std + mean`. Fitted with the
/// population standard deviation in Float64; a constant target gets `std = 1` so the map stays defined.
public struct TargetScaling: Codable, Sendable, Equatable {
    public var mean: Double
    public var std: Double

    public init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }

    /// Fits the map to `targets` (the training targets: the tuning ones must not leak into it).
    public init(fitting targets: [Float]) {
        let count = Double(max(1, targets.count))
        let mean = targets.reduce(0.0) { $0 + Double($1) } / count
        let variance = targets.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        self.init(mean: mean, std: variance > 0 ? variance.squareRoot() : 1)
    }

    public func standardise(_ target: Float) -> Float {
        Float((Double(target) - mean) / std)
    }

    public func unstandardise(_ prediction: Float) -> Float {
        Float(Double(prediction) * std + mean)
    }

    /// The examples with standardised targets.
    public func standardise(_ examples: [TrainingExample]) -> [TrainingExample] {
        examples.map { example in
            var scaled = example
            scaled.target = standardise(example.target)
            return scaled
        }
    }
}
