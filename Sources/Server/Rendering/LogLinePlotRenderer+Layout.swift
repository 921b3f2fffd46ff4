extension LogLinePlotRenderer {
    /// Where each part of a log plot image goes; every size derives from the input alone.
    struct Layout: Sendable {
        static let margin = 10
        /// Room for decade labels up to six characters ("1e-100") left of the plot.
        static let axisLabelWidth = BitmapFont.width(of: "1e-100")

        let width: Int
        let height: Int
        let titleOrigin: (x: Int, y: Int)
        /// Top row of the caption line (value label, "t0").
        let captionTop: Int
        /// The plot area, excluding the one-pixel frame drawn around it.
        let plot: PixelRect
        /// Right edge (exclusive) of the right-aligned decade labels.
        let axisLabelRight: Int
        let legendEntries: [LegendEntry]
        let legendPositions: [(x: Int, y: Int)]

        init(_ input: Input) {
            let margin = Self.margin
            titleOrigin = (margin, margin)
            captionTop = margin + 2 * BitmapFont.cellHeight + 6
            axisLabelRight = margin + Self.axisLabelWidth
            plot = PixelRect(
                x: axisLabelRight + 6, y: captionTop + BitmapFont.cellHeight + 4,
                width: input.plotWidth, height: input.plotHeight)

            let legendTop = plot.maxY + 1 + RGBImage.timeTickBandHeight + 8
            legendEntries = LegendEntry.entries(for: input)
            legendPositions = LegendEntry.positions(of: legendEntries, left: plot.x, right: plot.maxX, top: legendTop)
            let legendBottom = (legendPositions.last?.y).map { $0 + BitmapFont.cellHeight } ?? legendTop

            width = Swift.max(plot.maxX + 1, margin + BitmapFont.width(of: input.title, scale: 2)) + margin
            height = legendBottom + margin
        }
    }
}
