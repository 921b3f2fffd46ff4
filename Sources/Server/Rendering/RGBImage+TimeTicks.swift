extension RGBImage {
    /// Draws tick marks under `plot` at fractions of its width and centres each label under its tick.
    ///
    /// Fraction 0 is the plot's left edge and 1 its right edge; fractions outside 0...1 are clamped. Tick
    /// marks occupy the 4 rows below the plot's frame (which sits one pixel outside `plot`) and labels start
    /// 3 rows lower, so a caller must leave `timeTickBandHeight` rows under the frame. A label that would come
    /// closer than `labelInset` to the image's border is moved inwards; one that would overlap the previous
    /// label is skipped.
    mutating func drawTimeTicks(_ ticks: [(fraction: Double, label: String)], under plot: PixelRect, color: RGB) {
        let tickTop = plot.maxY + 1
        var previousLabelEnd = Int.min
        for tick in ticks.sorted(by: { $0.fraction < $1.fraction }) {
            let fraction = Swift.min(1, Swift.max(0, tick.fraction))
            let x = plot.x + Int((fraction * Double(plot.width)).rounded())
            drawVerticalLine(x: x, y0: tickTop, y1: tickTop + 3, color: color)
            let labelWidth = BitmapFont.width(of: tick.label)
            let left = Swift.max(Self.labelInset, Swift.min(width - Self.labelInset - labelWidth, x - labelWidth / 2))
            guard left > previousLabelEnd + BitmapFont.advance else { continue }
            drawText(tick.label, at: (left, tickTop + 7), color: color)
            previousLabelEnd = left + labelWidth
        }
    }

    /// Tick labels keep at least this many pixels from the image's left and right borders.
    static let labelInset = 4

    /// Rows under a plot's frame that `drawTimeTicks` uses: tick marks, a gap and one line of text.
    static let timeTickBandHeight = 7 + BitmapFont.cellHeight
}
