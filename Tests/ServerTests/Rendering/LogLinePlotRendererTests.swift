import Testing

@testable import Server

struct LogLinePlotRendererTests {
    static let seriesColor = RGB(31, 119, 180)

    /// 4,096 timesteps at 1e-6 with a spike of 1 at t = 2001, 1e-3 at t = 3000, zeros at t = 8...11 (all of
    /// plot column 2), t0 = 1000 and a horizon 200 back and 100 forward.
    func gradientInput() -> LogLinePlotRenderer.Input {
        var values = [Float](repeating: 1e-6, count: 4096)
        values[2001] = 1
        values[3000] = 1e-3
        values.replaceSubrange(8...11, with: [0, 0, 0, 0])
        return LogLinePlotRenderer.Input(
            series: [(name: "lstm_0 |d y[t0] / d x[t]|", values: values, color: Self.seriesColor)], t0: 1000,
            horizon: (left: 200, right: 100), threshold: 1e-3, title: "gradients")
    }

    func renderedPNG(_ input: LogLinePlotRenderer.Input) throws -> PNGTestDecoder {
        try PNGTestDecoder(PNGEncoder.encode(LogLinePlotRenderer.render(input)))
    }

    /// The first row from the top of `plot` where column `x` has `color`, if any.
    func topmostRow(of color: RGB, inColumn x: Int, of plot: PixelRect, in png: PNGTestDecoder) -> Int? {
        (plot.y..<plot.maxY).first { png.pixel(x: x, y: $0) == color }
    }

    @Test func decodedSizeMatchesSizeForInput() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let size = LogLinePlotRenderer.size(for: input)
        #expect(png.width == size.width && png.height == size.height)
        let plot = LogLinePlotRenderer.Layout(input).plot
        #expect(plot.width == 1024 && plot.height == 360)
    }

    @Test func putsASpikeOnTheTopRowEvenWhenFourTimestepsShareAColumn() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot

        #expect(LogLinePlotRenderer.column(forTimestep: 2001, timesteps: 4096, plotWidth: 1024) == 500)
        #expect(topmostRow(of: Self.seriesColor, inColumn: plot.x + 500, of: plot, in: png) == plot.y)
    }

    @Test func putsAThousandthOfThePeakThreeEighthsOfTheWayDown() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot
        let expected = plot.y + Int((3.0 / 8.0 * Double(plot.height - 1)).rounded())

        #expect(topmostRow(of: Self.seriesColor, inColumn: plot.x + 750, of: plot, in: png) == expected)
    }

    @Test func clampsZerosToTheBottomRow() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot

        #expect(png.pixel(x: plot.x + 2, y: plot.maxY - 1) == Self.seriesColor)
    }

    @Test func marksT0WithAVerticalLine() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot
        let x = plot.x + 250

        for y in [plot.y, plot.y + 10, plot.y + 100] {
            #expect(png.pixel(x: x, y: y) == LogLinePlotRenderer.markerColor)
        }
        #expect(png.pixel(x: x + 1, y: plot.y + 10) != LogLinePlotRenderer.markerColor)
    }

    @Test func shadesTheHorizonBandAndNothingOutsideIt() throws {
        let input = gradientInput()
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot
        let shade = RGB.white.interpolated(
            to: LogLinePlotRenderer.horizonColor, fraction: LogLinePlotRenderer.horizonOpacity)
        let y = plot.y + 20

        // Timesteps 800...1100 land in columns 200...275.
        for column in [200, 225, 275] { #expect(png.pixel(x: plot.x + column, y: y) == shade, "column \(column)") }
        for column in [199, 276, 875] { #expect(png.pixel(x: plot.x + column, y: y) == .white, "column \(column)") }
    }

    @Test func drawsTheThresholdAsADashedLine() throws {
        var input = gradientInput()
        input.threshold = 1e-2
        let png = try renderedPNG(input)
        let plot = LogLinePlotRenderer.Layout(input).plot
        let y = plot.y + Int((2.0 / 8.0 * Double(plot.height - 1)).rounded())
        let row = (plot.x..<plot.x + 100).map { png.pixel(x: $0, y: y) }

        #expect(row.filter { $0 == LogLinePlotRenderer.thresholdColor }.count == 60)
    }

    @Test func wrapsTheLegendOntoMoreRowsWhenItIsWiderThanThePlot() {
        let one = gradientInput()
        var many = one
        many.series = (0..<12).map { (name: "encoder_block_\($0)/lstm/Y", values: [1, 2, 3], color: RGB(0, 0, 200)) }
        let layout = LogLinePlotRenderer.Layout(many)

        #expect(Set(layout.legendPositions.map(\.y)).count == 3)
        #expect(layout.legendPositions.allSatisfy { $0.x >= layout.plot.x })
        #expect(LogLinePlotRenderer.size(for: many).height == LogLinePlotRenderer.size(for: one).height + 2 * 13)
    }

    @Test func placesAutomaticTicksEveryFiveHundredTimestepsForAWeek() {
        let ticks = LogLinePlotRenderer.automaticTimeTicks(timesteps: 4096)
        #expect(ticks.map(\.label) == ["0", "500", "1000", "1500", "2000", "2500", "3000", "3500", "4000"])
        #expect(LogLinePlotRenderer.automaticTimeTicks(timesteps: 5).map(\.label) == ["0", "1", "2", "3", "4", "5"])
    }
}
