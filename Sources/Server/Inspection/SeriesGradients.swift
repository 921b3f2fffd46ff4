import Inspection
import NeuralEngine

/// The output element whose gradient is asked for, the same in every week of a batch.
struct GradientTarget: Sendable, Equatable {
    var output: String
    /// The output's time layout; nil for an output without a time axis (the pooled prediction).
    var layout: TimeAxisLayout?
    var t0: Int?
    var unit: Int
    /// The input bin at the centre of t0's window.
    var centreBin: Int?

    /// The element's index within one batch row.
    var indexInRow: [Int] {
        switch (layout, t0) {
        case (.ntc?, let t?): [t, unit]
        case (.nct?, let t?): [unit, t]
        default: [unit]
        }
    }
}

/// One week's gradient of the target: per series channel (binding order, each 4,096 bins) and per
/// metadata feature, with the output's value.
struct SeriesGradient: Sendable {
    var weekID: Int64
    var channels: [[Float]]
    var metadata: [Float]
    var outputValue: Float
}

extension InspectionServices {
    /// Weeks a backward pass takes at once.
    static let gradientBatchSize = 8

    /// The target's gradient for each week, computed in batches with one seed per batch row.
    func seriesGradients(
        model: LoadedModel, weeks: [EncodedWeek], target: GradientTarget, priority: ComputeLanes.Priority = .interactive
    ) async throws -> [SeriesGradient] {
        var results: [SeriesGradient] = []
        var start = 0
        let batchSize = model.batchSize(upTo: Self.gradientBatchSize, backward: true)
        while start < weeks.count {
            let batch = Array(weeks[start..<min(weeks.count, start + batchSize)])
            let graph = try await registry.graph(for: model, batch: batch.count)
            results += try await lanes.run(priority) {
                try Self.gradients(graph: graph, binding: model.binding, weeks: batch, target: target)
            }
            start += batch.count
        }
        return results
    }

    static func gradients(graph: Graph, binding: ModelBinding, weeks: [EncodedWeek], target: GradientTarget) throws -> [SeriesGradient] {
        let executor = GraphExecutor(graph: graph)
        let execution = try executor.run(binding.feeds(weeks))
        guard let output = execution.values[target.output] else {
            throw EngineError("the model computes no tensor '\(target.output)'")
        }
        let seed = Tensor.oneHotPerBatchRow(shape: output.shape, indexInRow: target.indexInRow)
        let gradients = try executor.gradients(of: execution, seeds: [target.output: seed])
        let series = gradients[binding.series.name]!
        let bins = SequenceInputEncoding.binCount
        let channelCount = binding.series.channels.count
        let featureCount = binding.metadata?.features.count ?? 0
        let rowSize = output.count / max(1, output.shape[0])
        let offsetInRow = zip(target.indexInRow, Array(output.strides.dropFirst())).reduce(0) { $0 + $1.0 * $1.1 }
        return weeks.enumerated().map { row, week in
            var channels = [[Float]](repeating: [Float](repeating: 0, count: bins), count: channelCount)
            let base = row * bins * channelCount
            for channel in 0..<channelCount {
                for t in 0..<bins {
                    channels[channel][t] = binding.series.layout == .ntc
                        ? series.values[base + t * channelCount + channel]  // (N, T, C)
                        : series.values[base + channel * bins + t]  // (N, C, T)
                }
            }
            let metadata = binding.metadata.map { gradients[$0.name]!.values[(row * featureCount)..<((row + 1) * featureCount)] }
            return SeriesGradient(
                weekID: week.weekID, channels: channels, metadata: metadata.map(Array.init) ?? [],
                outputValue: output.values[row * rowSize + offsetInRow])
        }
    }
}
