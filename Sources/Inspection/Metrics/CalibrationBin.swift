/// One equal-width bin of a reliability diagram: the predictions in [lower, upper) (the last bin also
/// holds upper = 1), how many there were, their mean, and the fraction of them that were positive. The
/// means are nil for an empty bin.
public struct CalibrationBin: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanPrediction: Double?
    public var observedRate: Double?

    public init(lower: Double, upper: Double, count: Int, meanPrediction: Double?, observedRate: Double?) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanPrediction = meanPrediction
        self.observedRate = observedRate
    }

    /// `binCount` equal-width bins over [0, 1] with edges i / binCount; predictions below 0 or above 1 are
    /// counted in the first or last bin (their values still enter the mean). Labels > 0.5 are positive.
    /// Empty when `binCount` < 1. Predictions are expected to be finite.
    static func bins(predictions: [Double], labels: [Double], binCount: Int) -> [CalibrationBin] {
        guard binCount >= 1 else { return [] }
        var counts = [Int](repeating: 0, count: binCount)
        var predictionSums = [Double](repeating: 0, count: binCount)
        var positives = [Int](repeating: 0, count: binCount)
        for (prediction, label) in zip(predictions, labels) {
            let bin = index(of: prediction, binCount: binCount)
            counts[bin] += 1
            predictionSums[bin] += prediction
            if label > 0.5 { positives[bin] += 1 }
        }
        return (0..<binCount).map { bin in
            let count = counts[bin]
            return CalibrationBin(
                lower: Double(bin) / Double(binCount), upper: Double(bin + 1) / Double(binCount), count: count,
                meanPrediction: count > 0 ? predictionSums[bin] / Double(count) : nil,
                observedRate: count > 0 ? Double(positives[bin]) / Double(count) : nil)
        }
    }

    /// The bin whose [i / binCount, (i + 1) / binCount) holds `prediction`, decided against the edges
    /// themselves so that a prediction equal to an edge (0.3 with 10 bins) always opens the upper bin.
    private static func index(of prediction: Double, binCount: Int) -> Int {
        guard prediction > 0 else { return 0 }
        guard prediction < 1 else { return binCount - 1 }
        var bin = min(binCount - 1, Int(prediction * Double(binCount)))
        if bin > 0, prediction < Double(bin) / Double(binCount) { bin -= 1 }
        if bin < binCount - 1, prediction >= Double(bin + 1) / Double(binCount) { bin += 1 }
        return bin
    }
}
