extension LogLinePlotRenderer {
    /// What to draw: magnitudes per input timestep for one or more series, and the markers around them.
    struct Input: Sendable {
        /// Non-negative magnitudes per timestep (typically 4,096 long), drawn in `color` and named in the
        /// legend. Zero, negative and NaN values, and values below the floor, are drawn at the floor.
        var series: [(name: String, values: [Float], color: RGB)]
        /// The y axis spans from the largest finite value over all series (the peak) down to
        /// peak · 10^-floorDecades; at least 1.
        var floorDecades: Int
        /// The output timestep the gradients are taken from, marked by a vertical line labelled "t0".
        var t0: Int?
        /// Timesteps before and after `t0` inside the memory horizon, shaded; ignored without `t0`.
        var horizon: (left: Int, right: Int)?
        /// Fraction of the peak (e.g. 1e-3) drawn as a horizontal dashed line.
        var threshold: Float?
        var title: String
        /// Positions along the time axis (0 = timestep 0, 1 = one past the last timestep) with labels. When
        /// empty, ticks are placed at round timestep indices and labelled with them.
        var timeTicks: [(fraction: Double, label: String)]
        /// Caption above the y axis, naming what is plotted.
        var valueLabel: String
        /// Size of the plot area in pixels, not counting axes, labels and legend.
        var plotWidth: Int
        var plotHeight: Int

        init(
            series: [(name: String, values: [Float], color: RGB)], floorDecades: Int = 8, t0: Int? = nil,
            horizon: (left: Int, right: Int)? = nil, threshold: Float? = nil, title: String,
            timeTicks: [(fraction: Double, label: String)] = [], valueLabel: String = "|d output[t0] / d input[t]|",
            plotWidth: Int = 1024, plotHeight: Int = 360
        ) {
            self.series = series
            self.floorDecades = Swift.max(1, floorDecades)
            self.t0 = t0
            self.horizon = horizon
            self.threshold = threshold
            self.title = title
            self.timeTicks = timeTicks
            self.valueLabel = valueLabel
            self.plotWidth = Swift.max(1, plotWidth)
            self.plotHeight = Swift.max(2, plotHeight)
        }

        /// The length of the longest series: the number of timesteps the x axis spans.
        var timestepCount: Int { series.map(\.values.count).max() ?? 0 }

        /// The largest finite positive value over all series, or 1 when there is none (everything is then
        /// drawn at the floor).
        var peak: Float {
            let largest = series.lazy.flatMap(\.values).filter(\.isFinite).max() ?? 0
            return largest > 0 ? largest : 1
        }
    }
}
