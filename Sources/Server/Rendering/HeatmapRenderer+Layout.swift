extension HeatmapRenderer {
    /// Where each part of a heatmap image goes; every size derives from the input alone.
    struct Layout: Sendable {
        static let margin = 10
        /// The colour bar is at least this tall even when the heatmap is shorter (e.g. a single unit).
        static let minimumColorBarHeight = 120
        static let colorBarWidth = 14
        /// Between the heatmap's frame and the colour bar's frame.
        static let legendGap = 24

        let width: Int
        let height: Int
        let titleOrigin: (x: Int, y: Int)
        /// Top row of the caption line ("unit").
        let captionTop: Int
        /// The heatmap cells, excluding the one-pixel frame drawn around them.
        let plot: PixelRect
        /// Right edge (exclusive) of the right-aligned unit labels.
        let unitLabelRight: Int
        /// The colour bar's fill, excluding its frame.
        let colorBar: PixelRect
        /// Left edge of the colour bar's value labels.
        let legendLabelLeft: Int

        init(_ input: Input) {
            let margin = Self.margin
            titleOrigin = (margin, margin)
            captionTop = margin + 2 * BitmapFont.cellHeight + 6
            let plotTop = captionTop + BitmapFont.cellHeight + 4

            let widestUnitLabel = BitmapFont.width(of: String(Swift.max(0, input.rows - 1)))
            unitLabelRight = margin + Swift.max(widestUnitLabel, BitmapFont.width(of: "unit"))
            let plotHeight = input.rows * input.cellHeight
            plot = PixelRect(x: unitLabelRight + 6, y: plotTop, width: input.plotWidth, height: plotHeight)

            let bodyHeight = Swift.max(plotHeight, Self.minimumColorBarHeight)
            colorBar = PixelRect(
                x: plot.maxX + 1 + Self.legendGap, y: plotTop, width: Self.colorBarWidth, height: bodyHeight)
            legendLabelLeft = colorBar.maxX + 6
            let legendLabels = [input.valueRange.min, input.valueRange.max, 0].map(CompactNumberFormat.string)
            let widestLegendLabel = legendLabels.map { BitmapFont.width(of: $0) }.max() ?? 0

            width = Swift.max(legendLabelLeft + widestLegendLabel, margin + BitmapFont.width(of: input.title, scale: 2))
                + margin
            height = plotTop + bodyHeight + 1 + RGBImage.timeTickBandHeight + margin
        }

        /// Label every k-th unit, k the smallest of 1, 2, 5, 10, 20, 50, … that keeps labels 14 pixels apart
        /// (7-pixel digits with room between them).
        static func unitLabelStep(cellHeight: Int) -> Int {
            var magnitude = 1
            while true {
                for multiple in [1, 2, 5] where multiple * magnitude * cellHeight >= 14 {
                    return multiple * magnitude
                }
                magnitude *= 10
            }
        }
    }
}
