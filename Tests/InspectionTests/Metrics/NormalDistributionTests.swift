import Testing

@testable import Inspection

struct NormalDistributionTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func quantileMatchesScipy() throws {
        var quantile = LargestDifference("normal quantile", tolerance: 1e-13)
        for fixture in try fixtures.distributions.normalQuantile {
            quantile.record(NormalDistribution.quantile(fixture.p), fixture.value, in: "p \(fixture.p)")
        }
        #expect(quantile.report())
        #expect(abs(try #require(NormalDistribution.criticalValue(level: 0.95)) - 1.959963984540054) < 1e-14)
        #expect(NormalDistribution.criticalValue(level: 1) == nil)
    }

    @Test func cdfIsSymmetric() {
        #expect(NormalDistribution.cdf(0) == 0.5)
        #expect(abs(NormalDistribution.cdf(1.959963984540054) - 0.975) < 1e-15)
        #expect(abs(NormalDistribution.twoSidedPValue(-1.959963984540054) - 0.05) < 1e-15)
    }
}
