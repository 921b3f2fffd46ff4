/// A units × bins summary of one `UnitTimeMatrix`: the mean, minimum and maximum of each unit over
/// each bin of consecutive time steps.
///
/// A bin is a half-open range of time steps: bin `b` covers steps `[b·steps/bins, (b+1)·steps/bins)`
/// with integer (floor) division, so bins differ in length by at most one step, none is empty, and
/// together they cover every step once. `binStartSteps` holds those `bins + 1` boundaries (the last
/// is `steps`). When `bins ≤ 0` or `bins ≥ steps` the summary is at full resolution: one bin per step,
/// and `mean == min == max == values`. Means are accumulated in Float64 and rounded to Float32 once.
public struct ActivationHeatmap: Codable, Sendable, Equatable {
    public var units: Int
    public var bins: Int
    /// Time steps of the matrix summarised.
    public var steps: Int
    /// `bins + 1` step boundaries: bin `b` covers steps `binStartSteps[b] ..< binStartSteps[b + 1]`.
    public var binStartSteps: [Int]
    /// `units × bins` values each, unit-major: `mean[unit * bins + bin]`.
    public var mean: [Float]
    public var min: [Float]
    public var max: [Float]
    /// The smallest and largest value of the whole matrix (0 and 0 when it is empty), for a colour scale.
    public var valueMin: Float
    public var valueMax: Float

    public static func summarize(_ matrix: UnitTimeMatrix, bins requested: Int) -> ActivationHeatmap {
        let steps = matrix.steps
        let bins = requested <= 0 || requested >= steps ? steps : requested
        let boundaries = (0...bins).map { bins == 0 ? 0 : $0 * steps / bins }
        let cells = matrix.units * bins
        var mean = [Float](repeating: 0, count: cells)
        var minimum = [Float](repeating: 0, count: cells)
        var maximum = [Float](repeating: 0, count: cells)
        for unit in 0..<matrix.units {
            let series = matrix.unit(unit)
            for bin in 0..<bins {
                let window = series[(series.startIndex + boundaries[bin])..<(series.startIndex + boundaries[bin + 1])]
                var sum = 0.0
                var low = Float.infinity
                var high = -Float.infinity
                for value in window {
                    sum += Double(value)
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                }
                mean[unit * bins + bin] = Float(sum / Double(window.count))
                minimum[unit * bins + bin] = low
                maximum[unit * bins + bin] = high
            }
        }
        return ActivationHeatmap(
            units: matrix.units, bins: bins, steps: steps, binStartSteps: boundaries, mean: mean, min: minimum, max: maximum,
            valueMin: matrix.values.min() ?? 0, valueMax: matrix.values.max() ?? 0)
    }
}
