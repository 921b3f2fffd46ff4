extension LogLinePlotRenderer {
    /// One item of the legend under the plot: a swatch that looks like what it names, then the name.
    struct LegendEntry: Sendable {
        enum Swatch: Sendable {
            case line(RGB)
            case marker
            case band
            case dashedLine
        }

        static let swatchWidth = 18
        static let swatchGap = 4
        /// Between one entry's text and the next entry's swatch.
        static let spacing = 16
        static let rowHeight = BitmapFont.cellHeight + 4

        let swatch: Swatch
        let label: String

        var width: Int { Self.swatchWidth + Self.swatchGap + BitmapFont.width(of: label) }

        /// The series in order, then t0, the horizon and the threshold when the input has them.
        static func entries(for input: Input) -> [LegendEntry] {
            var entries = input.series.map { LegendEntry(swatch: .line($0.color), label: $0.name) }
            if let t0 = input.t0 {
                entries.append(LegendEntry(swatch: .marker, label: "t0 = \(t0)"))
                if let horizon = input.horizon {
                    let label = "memory horizon -\(horizon.left) / +\(horizon.right)"
                    entries.append(LegendEntry(swatch: .band, label: label))
                }
            }
            if let threshold = input.threshold {
                let label = "\(CompactNumberFormat.string(threshold)) x peak"
                entries.append(LegendEntry(swatch: .dashedLine, label: label))
            }
            return entries
        }

        /// Top-left corners for `entries` flowed left to right from `left`, wrapping before `right`.
        static func positions(of entries: [LegendEntry], left: Int, right: Int, top: Int) -> [(x: Int, y: Int)] {
            var positions: [(x: Int, y: Int)] = []
            var x = left
            var y = top
            for entry in entries {
                if x > left && x + entry.width > right {
                    x = left
                    y += rowHeight
                }
                positions.append((x, y))
                x += entry.width + spacing
            }
            return positions
        }

        /// Draws the swatch and, right of it, the label; `origin` is the top-left of the entry's text line.
        func draw(at origin: (x: Int, y: Int), on image: inout RGBImage) {
            let middle = origin.y + BitmapFont.capitalHeight / 2
            let box = PixelRect(
                x: origin.x, y: origin.y - 1, width: Self.swatchWidth, height: BitmapFont.capitalHeight + 2)
            switch swatch {
            case .line(let color):
                image.fillRectangle(PixelRect(x: box.x, y: middle - 1, width: box.width, height: 2), color: color)
            case .marker:
                let bar = PixelRect(x: box.x + box.width / 2 - 1, y: box.y, width: 2, height: box.height)
                image.fillRectangle(bar, color: LogLinePlotRenderer.markerColor)
            case .band:
                image.blendRectangle(
                    box, color: LogLinePlotRenderer.horizonColor, opacity: LogLinePlotRenderer.horizonOpacity)
            case .dashedLine:
                image.drawHorizontalLine(
                    x0: box.x, x1: box.maxX - 1, y: middle, color: LogLinePlotRenderer.thresholdColor,
                    dash: LogLinePlotRenderer.thresholdDash)
            }
            image.drawText(label, at: (origin.x + Self.swatchWidth + Self.swatchGap, origin.y), color: .ink)
        }
    }
}
