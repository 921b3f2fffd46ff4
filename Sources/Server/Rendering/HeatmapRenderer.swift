/// Draws a units × time heatmap of one layer's activations with a colour bar legend.
///
/// Layout, top to bottom: the title (font scale 2); a caption row with "unit" over the unit labels; the
/// heatmap (one band of `cellHeight` pixel rows per unit, unit 0 at the top) framed in grey with every k-th
/// unit labelled on the left; time ticks and labels below. A vertical colour bar on the right runs from the
/// range's maximum (top pixel row) to its minimum (bottom pixel row), labelled with both and, for the
/// diverging scale, with 0. Colours come from `ColorScale.forRange(min:max:)` over `valueRange`.
///
/// Horizontally the heatmap is always `plotWidth` pixels. When there are more columns than pixels, pixel x
/// shows the mean of the finite values in columns `x·columns/plotWidth ..< (x+1)·columns/plotWidth` (NaN
/// when none is finite), so 4,096 bins in 1,024 pixels average groups of four; otherwise pixel x shows
/// column `x·columns/plotWidth` and each column spans `plotWidth/columns` pixels, rounded down or up.
enum HeatmapRenderer {
    static func render(_ input: Input) -> RGBImage {
        let layout = Layout(input)
        let scale = ColorScale.forRange(min: input.valueRange.min, max: input.valueRange.max)
        var image = RGBImage(width: layout.width, height: layout.height)

        image.drawText(input.title, at: layout.titleOrigin, color: .ink, scale: 2)
        drawCells(input, scale: scale, in: layout.plot, on: &image)
        image.strokeRectangle(layout.plot.insetBy(-1), color: .axis)
        drawUnitLabels(input, layout: layout, on: &image)
        image.drawTimeTicks(input.timeTicks, under: layout.plot, color: .ink)
        drawColorBar(input, scale: scale, layout: layout, on: &image)
        return image
    }

    /// The size of `render(input)`'s image, for documentation and for callers that reserve space.
    static func size(for input: Input) -> (width: Int, height: Int) {
        let layout = Layout(input)
        return (layout.width, layout.height)
    }

    /// The value pixel column `x` shows for `row`, per the sampling rule in the type's documentation.
    static func displayedValue(_ input: Input, row: Int, pixelColumn x: Int, plotWidth: Int) -> Float {
        guard input.columns > 0 else { return .nan }
        let first = x * input.columns / plotWidth
        let last = Swift.max(first + 1, (x + 1) * input.columns / plotWidth)
        var sum: Float = 0
        var count = 0
        for column in first..<last {
            let value = input.value(row: row, column: column)
            if value.isFinite {
                sum += value
                count += 1
            }
        }
        return count > 0 ? sum / Float(count) : .nan
    }

    private static func drawCells(_ input: Input, scale: ColorScale, in plot: PixelRect, on image: inout RGBImage) {
        for row in 0..<input.rows {
            let top = plot.y + row * input.cellHeight
            for x in 0..<plot.width {
                let value = displayedValue(input, row: row, pixelColumn: x, plotWidth: plot.width)
                let cell = PixelRect(x: plot.x + x, y: top, width: 1, height: input.cellHeight)
                image.fillRectangle(cell, color: scale.color(for: value))
            }
        }
    }

    private static func drawUnitLabels(_ input: Input, layout: Layout, on image: inout RGBImage) {
        let captionWidth = BitmapFont.width(of: "unit")
        image.drawText("unit", at: (layout.unitLabelRight - captionWidth, layout.captionTop), color: .ink)
        let every = Layout.unitLabelStep(cellHeight: input.cellHeight)
        for unit in stride(from: 0, to: input.rows, by: every) {
            let centre = layout.plot.y + unit * input.cellHeight + input.cellHeight / 2
            let label = String(unit)
            image.drawText(
                label, at: (layout.unitLabelRight - BitmapFont.width(of: label), centre - BitmapFont.capitalHeight / 2),
                color: .ink
            )
            image.drawHorizontalLine(x0: layout.plot.x - 4, x1: layout.plot.x - 2, y: centre, color: .axis)
        }
    }

    private static func drawColorBar(_ input: Input, scale: ColorScale, layout: Layout, on image: inout RGBImage) {
        let bar = layout.colorBar
        let (low, high) = input.valueRange
        for step in 0..<bar.height {
            let fraction = bar.height > 1 ? Float(step) / Float(bar.height - 1) : 0
            let value = step == bar.height - 1 ? low : high - (high - low) * fraction
            let stripe = PixelRect(x: bar.x, y: bar.y + step, width: bar.width, height: 1)
            image.fillRectangle(stripe, color: scale.color(for: value))
        }
        image.strokeRectangle(bar.insetBy(-1), color: .axis)

        let labelLeft = layout.legendLabelLeft
        image.drawText(CompactNumberFormat.string(high), at: (labelLeft, bar.y), color: .ink)
        let lowLabelTop = bar.maxY - BitmapFont.capitalHeight
        image.drawText(CompactNumberFormat.string(low), at: (labelLeft, lowLabelTop), color: .ink)
        image.drawHorizontalLine(x0: bar.maxX + 1, x1: bar.maxX + 3, y: bar.y, color: .axis)
        image.drawHorizontalLine(x0: bar.maxX + 1, x1: bar.maxX + 3, y: bar.maxY - 1, color: .axis)
        guard scale.kind == .diverging, high > low else { return }
        let zeroRow = bar.y + Int((Double(high) / Double(high - low) * Double(bar.height - 1)).rounded())
        let zeroTop = zeroRow - BitmapFont.capitalHeight / 2
        let clearance = BitmapFont.capitalHeight + 3
        guard zeroTop >= bar.y + clearance, zeroTop + clearance <= bar.maxY - BitmapFont.capitalHeight else { return }
        image.drawText("0", at: (labelLeft, zeroTop), color: .ink)
        image.drawHorizontalLine(x0: bar.maxX + 1, x1: bar.maxX + 3, y: zeroRow, color: .axis)
    }
}
