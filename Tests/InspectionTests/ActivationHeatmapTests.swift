import Testing

@testable import Inspection

struct ActivationHeatmapTests {
    /// Two units over 10 steps: unit 0 is 0…9, unit 1 is its negation.
    static let matrix = UnitTimeMatrix(units: 2, steps: 10, values: (0..<10).map(Float.init) + (0..<10).map { -Float($0) })

    @Test func summarisesTenStepsInThreeFloorBoundedBins() {
        let heatmap = ActivationHeatmap.summarize(Self.matrix, bins: 3)
        #expect(heatmap.bins == 3 && heatmap.steps == 10 && heatmap.units == 2)
        #expect(heatmap.binStartSteps == [0, 3, 6, 10])
        // Unit 0: bins {0,1,2}, {3,4,5}, {6,7,8,9}.
        #expect(heatmap.mean == [1, 4, 7.5, -1, -4, -7.5])
        #expect(heatmap.min == [0, 3, 6, -2, -5, -9])
        #expect(heatmap.max == [2, 5, 9, 0, -3, -6])
        #expect(heatmap.valueMin == -9 && heatmap.valueMax == 9)
    }

    @Test func givesFullResolutionForZeroOrTooManyBins() {
        for bins in [0, -1, 10, 50] {
            let heatmap = ActivationHeatmap.summarize(Self.matrix, bins: bins)
            #expect(heatmap.bins == 10)
            #expect(heatmap.binStartSteps == Array(0...10))
            #expect(heatmap.mean == Self.matrix.values && heatmap.min == Self.matrix.values && heatmap.max == Self.matrix.values)
        }
    }

    @Test func summarisesAnEmptyMatrixWithoutNaN() {
        let heatmap = ActivationHeatmap.summarize(UnitTimeMatrix(units: 3, steps: 0, values: []), bins: 4)
        #expect(heatmap.bins == 0 && heatmap.binStartSteps == [0] && heatmap.mean.isEmpty)
        #expect(heatmap.valueMin == 0 && heatmap.valueMax == 0)
    }
}
