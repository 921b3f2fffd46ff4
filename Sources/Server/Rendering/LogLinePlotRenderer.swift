import Foundation

/// Draws magnitudes against timestep on a logarithmic y axis: gradient-magnitude plots showing how far back
/// an output at t0 depends on its input.
///
/// The y axis spans `floorDecades` decades down from the peak (the largest finite value over all series):
/// value v is drawn `log10(peak / v) / floorDecades` of the way down the plot, so the peak sits on the top
/// pixel row and peak · 10^-floorDecades (and anything smaller) on the bottom row. Decades are marked with
/// grey grid lines labelled with their actual magnitude ("1e-3"). Timestep t of n lands in pixel column
/// `t · plotWidth / n`; when several timesteps share a column the column shows their maximum, so isolated
/// spikes stay visible. Each series is a polyline through its column values.
///
/// Drawing order, back to front: decade grid, horizon band, threshold line, t0 marker, series, frame.
enum LogLinePlotRenderer {
    static let markerColor = RGB(0, 0, 0)
    static let horizonColor = RGB(255, 160, 40)
    static let horizonOpacity = 0.22
    static let thresholdColor = RGB(90, 90, 90)
    static let thresholdDash = (on: 6, off: 4)

    static func render(_ input: Input) -> RGBImage {
        let layout = Layout(input)
        let axis = ValueAxis(input, plot: layout.plot)
        var image = RGBImage(width: layout.width, height: layout.height)
        let plot = layout.plot
        let timesteps = input.timestepCount

        image.drawText(input.title, at: layout.titleOrigin, color: .ink, scale: 2)
        image.drawText(input.valueLabel, at: (Layout.margin, layout.captionTop), color: .ink)
        drawDecades(axis, layout: layout, on: &image)

        if let t0 = input.t0, timesteps > 0 {
            if let horizon = input.horizon {
                let first = column(forTimestep: t0 - horizon.left, timesteps: timesteps, plotWidth: plot.width)
                let last = column(forTimestep: t0 + horizon.right, timesteps: timesteps, plotWidth: plot.width)
                let band = PixelRect(x: plot.x + first, y: plot.y, width: last - first + 1, height: plot.height)
                image.blendRectangle(band, color: horizonColor, opacity: horizonOpacity)
            }
        }
        if let threshold = input.threshold {
            let y = axis.row(for: input.peak * threshold)
            image.drawHorizontalLine(x0: plot.x, x1: plot.maxX - 1, y: y, color: thresholdColor, dash: thresholdDash)
        }
        if let t0 = input.t0, timesteps > 0 {
            let x = plot.x + column(forTimestep: t0, timesteps: timesteps, plotWidth: plot.width)
            image.drawVerticalLine(x: x, y0: plot.y, y1: plot.maxY - 1, color: markerColor)
            let labelWidth = BitmapFont.width(of: "t0")
            image.drawText("t0", at: (x - labelWidth / 2, layout.captionTop), color: markerColor)
        }
        for series in input.series {
            drawSeries(series.values, color: series.color, timesteps: timesteps, axis: axis, plot: plot, on: &image)
        }
        image.strokeRectangle(plot.insetBy(-1), color: .axis)

        let ticks = input.timeTicks.isEmpty ? automaticTimeTicks(timesteps: timesteps) : input.timeTicks
        image.drawTimeTicks(ticks, under: plot, color: .ink)
        for (entry, origin) in zip(layout.legendEntries, layout.legendPositions) {
            entry.draw(at: origin, on: &image)
        }
        return image
    }

    /// The size of `render(input)`'s image, for documentation and for callers that reserve space.
    static func size(for input: Input) -> (width: Int, height: Int) {
        let layout = Layout(input)
        return (layout.width, layout.height)
    }

    /// The plot column of timestep `t` (clamped to the series), counted from the plot's left edge.
    static func column(forTimestep t: Int, timesteps: Int, plotWidth: Int) -> Int {
        let clamped = Swift.min(Swift.max(0, t), Swift.max(0, timesteps - 1))
        return timesteps > 0 ? clamped * plotWidth / timesteps : 0
    }

    /// Ticks every 1, 2 or 5 × 10^k timesteps, the smallest such step that gives at most nine ticks
    /// (0 included), labelled with the timestep index.
    static func automaticTimeTicks(timesteps: Int) -> [(fraction: Double, label: String)] {
        guard timesteps > 0 else { return [] }
        var magnitude = 1
        while true {
            if let multiple = [1, 2, 5].first(where: { timesteps / ($0 * magnitude) <= 8 }) {
                let step = multiple * magnitude
                return stride(from: 0, through: timesteps, by: step).map { t in
                    (fraction: Double(t) / Double(timesteps), label: String(t))
                }
            }
            magnitude *= 10
        }
    }

    private static func drawDecades(_ axis: ValueAxis, layout: Layout, on image: inout RGBImage) {
        let plot = layout.plot
        let decades = axis.decadeExponents
        // Label every decade when they are at least 12 pixels apart, otherwise every second, third, ...
        let spacing = Double(plot.height - 1) / Double(axis.floorDecades)
        let labelEvery = Swift.max(1, Int((12 / spacing).rounded(.up)))
        for (index, exponent) in decades.enumerated() {
            let y = axis.row(forLog10: Double(exponent))
            image.drawHorizontalLine(x0: plot.x, x1: plot.maxX - 1, y: y, color: .grid)
            image.drawHorizontalLine(x0: plot.x - 4, x1: plot.x - 2, y: y, color: .axis)
            guard index % labelEvery == 0 else { continue }
            let label = CompactNumberFormat.decade(exponent)
            image.drawText(
                label, at: (layout.axisLabelRight - BitmapFont.width(of: label), y - BitmapFont.capitalHeight / 2),
                color: .ink)
        }
    }

    private static func drawSeries(
        _ values: [Float], color: RGB, timesteps: Int, axis: ValueAxis, plot: PixelRect, on image: inout RGBImage
    ) {
        // Per plot column: the largest value of the timesteps that land in it, or nil when none does.
        var columnMaxima = [Float?](repeating: nil, count: plot.width)
        for (t, value) in values.enumerated() {
            let x = column(forTimestep: t, timesteps: timesteps, plotWidth: plot.width)
            let shown = value.isNaN ? 0 : value
            columnMaxima[x] = Swift.max(columnMaxima[x] ?? -.infinity, shown)
        }
        var previous: (x: Int, y: Int)?
        for (x, maximum) in columnMaxima.enumerated() {
            guard let maximum else { continue }
            let point = (x: plot.x + x, y: axis.row(for: maximum))
            image.drawLine(from: previous ?? point, to: point, color: color)
            previous = point
        }
    }
}
