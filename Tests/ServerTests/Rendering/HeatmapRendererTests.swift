import Testing

@testable import Server

struct HeatmapRendererTests {
    /// Renders, encodes and decodes, so every check also goes through the PNG file.
    func renderedPNG(_ input: HeatmapRenderer.Input) throws -> PNGTestDecoder {
        try PNGTestDecoder(PNGEncoder.encode(HeatmapRenderer.render(input)))
    }

    /// Two units over 512 bins: unit 0 always 0, unit 1 rising linearly from -1 to 1.
    func zeroAndRampInput() -> HeatmapRenderer.Input {
        let ramp = (0..<512).map { -1 + 2 * Float($0) / 511 }
        return HeatmapRenderer.Input(
            rows: 2, columns: 512, values: [Float](repeating: 0, count: 512) + ramp, valueRange: (-1, 1),
            title: "lstm_0/Y week 12", timeTicks: [(0, "Mon"), (0.5, "Thu 12:00"), (1, "Mon")])
    }

    @Test(arguments: [(8, 512), (1, 4096), (256, 64)])
    func decodedSizeMatchesSizeForInput(rows: Int, columns: Int) throws {
        let input = HeatmapRenderer.Input(
            rows: rows, columns: columns, values: (0..<rows * columns).map { Float($0 % 7) }, valueRange: (0, 6),
            title: "size check", timeTicks: [(0, "Mon"), (1 / 7, "Tue")])

        let png = try renderedPNG(input)
        let size = HeatmapRenderer.size(for: input)

        #expect(png.width == size.width && png.height == size.height)
        let layout = HeatmapRenderer.Layout(input)
        #expect(layout.plot.width == 1024)
        #expect(layout.plot.height == rows * HeatmapRenderer.Input.defaultCellHeight(rows: rows))
    }

    @Test func defaultCellHeightKeepsBetweenTwoAndSixteenPixelsPerUnit() {
        #expect([1, 8, 16, 64, 256, 1000].map(HeatmapRenderer.Input.defaultCellHeight(rows:)) == [16, 16, 16, 4, 2, 2])
    }

    @Test func zeroRowIsOneColourAndVaryingRowHasMany() throws {
        let input = zeroAndRampInput()
        let png = try renderedPNG(input)
        let plot = HeatmapRenderer.Layout(input).plot

        let zeroRowY = plot.y + input.cellHeight / 2
        let rampRowY = plot.y + input.cellHeight + input.cellHeight / 2
        let zeroRow = Set((plot.x..<plot.maxX).map { png.pixel(x: $0, y: zeroRowY) })
        let rampRow = (plot.x..<plot.maxX).map { png.pixel(x: $0, y: rampRowY) }

        #expect(zeroRow == [.white])
        #expect(Set(rampRow).count > 100)
        #expect(rampRow.first == ColorScale.divergingAnchors.first && rampRow.last == ColorScale.divergingAnchors.last)
        #expect(png.pixel(x: plot.x - 1, y: zeroRowY) == .axis, "frame left of the cells")
    }

    @Test func colorBarRunsFromMaximumAtTheTopToMinimumAtTheBottom() throws {
        for range in [(Float(-1), Float(1)), (0, 3.2e-4), (-0.5, 2)] {
            var input = zeroAndRampInput()
            input.valueRange = range
            let png = try renderedPNG(input)
            let bar = HeatmapRenderer.Layout(input).colorBar
            let scale = ColorScale.forRange(min: range.0, max: range.1)

            #expect(png.pixel(x: bar.x + bar.width / 2, y: bar.y) == scale.color(for: range.1))
            #expect(png.pixel(x: bar.x + bar.width / 2, y: bar.maxY - 1) == scale.color(for: range.0))
            #expect(png.pixel(x: bar.x, y: bar.y - 1) == .axis, "frame above the bar")
        }
    }

    @Test func averagesGroupsOfColumnsWhenThereAreMoreColumnsThanPixels() throws {
        let input = HeatmapRenderer.Input(
            rows: 1, columns: 4096, values: (0..<4096).map { Float($0 % 2) }, valueRange: (0, 1), title: "alternating")
        let png = try renderedPNG(input)
        let plot = HeatmapRenderer.Layout(input).plot
        let expected = ColorScale.forRange(min: 0, max: 1).color(for: 0.5)

        #expect(Set((plot.x..<plot.maxX).map { png.pixel(x: $0, y: plot.y + 4) }) == [expected])
    }

    @Test func drawsMissingAndNaNValuesInGrey() throws {
        let input = HeatmapRenderer.Input(
            rows: 2, columns: 4, values: [1, .nan, 2, 3], valueRange: (0, 3), title: "gaps", plotWidth: 40)
        let png = try renderedPNG(input)
        let plot = HeatmapRenderer.Layout(input).plot

        #expect(png.pixel(x: plot.x + 15, y: plot.y + 2) == ColorScale.notANumberColor)
        #expect(png.pixel(x: plot.x + 5, y: plot.y + input.cellHeight + 2) == ColorScale.notANumberColor)
        #expect(png.pixel(x: plot.x + 5, y: plot.y + 2) != ColorScale.notANumberColor)
    }

    @Test func labelsEveryUnitWhenRowsAreTallAndFewerWhenTheyAreThin() {
        #expect(HeatmapRenderer.Layout.unitLabelStep(cellHeight: 16) == 1)
        #expect(HeatmapRenderer.Layout.unitLabelStep(cellHeight: 4) == 5)
        #expect(HeatmapRenderer.Layout.unitLabelStep(cellHeight: 2) == 10)
        #expect(HeatmapRenderer.Layout.unitLabelStep(cellHeight: 1) == 20)
    }
}
