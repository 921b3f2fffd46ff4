extension HeatmapRenderer {
    /// What to draw: a rows × columns grid of values, its colour range, and the labels around it.
    struct Input: Sendable {
        /// Units, drawn top to bottom.
        var rows: Int
        /// Time bins, drawn left to right.
        var columns: Int
        /// (rows, columns) row-major: `values[row * columns + column]`. Missing entries (a short array) and
        /// NaN draw in `ColorScale.notANumberColor`.
        var values: [Float]
        /// The range the colour scale spans; values outside it take the end colours.
        var valueRange: (min: Float, max: Float)
        var title: String
        /// Positions along the time axis (0 = left edge, 1 = right edge) with their labels, e.g. day starts.
        var timeTicks: [(fraction: Double, label: String)]
        /// Pixel rows per unit.
        var cellHeight: Int
        /// Pixel columns of the heatmap itself, not counting labels and legend.
        var plotWidth: Int

        /// `cellHeight` defaults to `defaultCellHeight(rows:)`; both sizes are raised to at least 1.
        init(
            rows: Int, columns: Int, values: [Float], valueRange: (min: Float, max: Float), title: String,
            timeTicks: [(fraction: Double, label: String)] = [], cellHeight: Int? = nil, plotWidth: Int = 1024
        ) {
            self.rows = Swift.max(0, rows)
            self.columns = Swift.max(0, columns)
            self.values = values
            self.valueRange = valueRange
            self.title = title
            self.timeTicks = timeTicks
            self.cellHeight = Swift.max(1, cellHeight ?? Self.defaultCellHeight(rows: rows))
            self.plotWidth = Swift.max(1, plotWidth)
        }

        /// 256 / rows pixels per unit, kept between 2 and 16: one unit gets a 16-pixel band and 256 units
        /// a 512-pixel-tall heatmap.
        static func defaultCellHeight(rows: Int) -> Int {
            Swift.max(2, Swift.min(16, 256 / Swift.max(1, rows)))
        }

        /// The value at (`row`, `column`), or NaN when `values` is too short to hold it.
        func value(row: Int, column: Int) -> Float {
            let index = row * columns + column
            return index < values.count ? values[index] : .nan
        }
    }
}
