import Foundation
import NeuralEngine

/// One training or evaluation example: an encoded week, its wearer's metadata and a target.
public struct TrainingExample: Sendable {
    /// `4096 × 3` values, time-major, encoded by `SequenceInputEncoding.series`.
    public var series: [Float]
    /// Four values, encoded by `SequenceInputEncoding.metadata`.
    public var metadata: [Float]
    /// 0 or 1 for a binary task; a number (standardised by `TargetScaling` for training) for a regression.
    public var target: Float
    /// The unit whose examples are correlated (the week's user), for metrics that count such units
    /// rather than examples as independent; nil when unknown.
    public var cluster: Int64?

    public init(series: [Float], metadata: [Float], target: Float, cluster: Int64? = nil) {
        self.series = series
        self.metadata = metadata
        self.target = target
        self.cluster = cluster
    }

    /// The `series` and `metadata` feeds of a batch of examples: `[B, 4096, 3]` and `[B, 4]`.
    public static func feeds(_ batch: some Collection<TrainingExample>) -> [String: Tensor] {
        var series: [Float] = []
        var metadata: [Float] = []
        series.reserveCapacity(batch.count * SequenceInputEncoding.binCount * 3)
        for example in batch {
            series += example.series
            metadata += example.metadata
        }
        return [
            "series": Tensor(shape: [batch.count, SequenceInputEncoding.binCount, 3], values: series)!,
            "metadata": Tensor(shape: [batch.count, SequenceInputEncoding.metadataFeatures.count], values: metadata)!,
        ]
    }
}
