import Foundation

extension LogLinePlotRenderer {
    /// Maps magnitudes to pixel rows of the plot: log10 of the peak on the top row, `floorDecades` lower on
    /// the bottom row, linear in log10 between them (rounded to the nearest row).
    struct ValueAxis: Sendable {
        /// log10 of the peak.
        let logTop: Double
        let floorDecades: Int
        let plot: PixelRect

        init(_ input: Input, plot: PixelRect) {
            logTop = log10(Double(input.peak))
            floorDecades = input.floorDecades
            self.plot = plot
        }

        var logBottom: Double { logTop - Double(floorDecades) }

        /// The exponents of the powers of ten inside the axis, largest first.
        var decadeExponents: [Int] {
            let highest = Int(logTop.rounded(.down))
            let lowest = Int(logBottom.rounded(.up))
            return highest >= lowest ? Array((lowest...highest).reversed()) : []
        }

        /// The row of a value whose log10 is `logValue`, clamped to the plot.
        func row(forLog10 logValue: Double) -> Int {
            let clamped = Swift.min(logTop, Swift.max(logBottom, logValue))
            let fractionDown = (logTop - clamped) / Double(floorDecades)
            return plot.y + Int((fractionDown * Double(plot.height - 1)).rounded())
        }

        /// The row of `value`; zero, negative and NaN values go to the bottom row, +infinity to the top.
        func row(for value: Float) -> Int {
            guard value > 0 else { return plot.maxY - 1 }
            return row(forLog10: log10(Double(value)))
        }
    }
}
