import Testing

@testable import Server

struct ColorScaleTests {
    /// Rec. 601 luma, enough to check that a scale gets lighter.
    func luma(_ color: RGB) -> Double {
        0.299 * Double(color.red) + 0.587 * Double(color.green) + 0.114 * Double(color.blue)
    }

    @Test func rangesSpanningZeroGetTheSymmetricDivergingScale() {
        let scale = ColorScale.forRange(min: -2, max: 3)
        #expect(scale.kind == .diverging)
        #expect(scale.lowerBound == -3 && scale.upperBound == 3)
    }

    @Test func divergingScaleMapsZeroToWhiteAndTheBoundsToItsEnds() {
        let scale = ColorScale.forRange(min: -4, max: 4)
        #expect(scale.color(for: 0) == .white)
        #expect(scale.color(for: 4) == ColorScale.divergingAnchors.last)
        #expect(scale.color(for: -4) == ColorScale.divergingAnchors.first)
        #expect(scale.color(for: 1e6) == ColorScale.divergingAnchors.last)
        #expect(scale.color(for: -1e6) == ColorScale.divergingAnchors.first)
        let blueSide = scale.color(for: -2), redSide = scale.color(for: 2)
        #expect(blueSide.blue > blueSide.red && redSide.red > redSide.blue)
    }

    @Test func oneSidedRangesGetTheSequentialScaleFromDarkToLight() {
        for (low, high) in [(Float(0), Float(5)), (-7, -1), (0.5, 0.75)] {
            let scale = ColorScale.forRange(min: low, max: high)
            #expect(scale.kind == .sequential)
            #expect(scale.color(for: low) == ColorScale.sequentialAnchors.first)
            #expect(scale.color(for: high) == ColorScale.sequentialAnchors.last)
            let lumas = (0...50).map { luma(scale.color(for: low + (high - low) * Float($0) / 50)) }
            #expect(zip(lumas, lumas.dropFirst()).allSatisfy { $0 <= $1 + 1 }, "luma along the scale: \(lumas)")
        }
    }

    @Test func notANumberGetsAGreyNeitherScaleProduces() {
        let scales = [ColorScale.forRange(min: -1, max: 1), ColorScale.forRange(min: 0, max: 1)]
        for scale in scales {
            #expect(scale.color(for: .nan) == ColorScale.notANumberColor)
            let produced = Set((0...2000).map { scale.color(for: -1 + Float($0) / 1000) })
            #expect(!produced.contains(ColorScale.notANumberColor))
        }
    }

    @Test func degenerateAndNonFiniteRangesStillGiveAScale() {
        let constant = ColorScale.forRange(min: 2, max: 2)
        #expect(constant.kind == .sequential)
        #expect(constant.color(for: 2) == ColorScale.sequentialAnchors.first)
        let fallback = ColorScale.forRange(min: .nan, max: 1)
        #expect(fallback == .sequential(lowerBound: 0, upperBound: 1))
        #expect(ColorScale.forRange(min: 3, max: -3) == .sequential(lowerBound: 0, upperBound: 1))
    }
}
