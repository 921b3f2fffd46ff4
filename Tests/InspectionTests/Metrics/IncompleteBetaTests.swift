import Testing

@testable import Inspection

struct IncompleteBetaTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func regularizedMatchesScipyBetainc() throws {
        var value = LargestDifference("regularized incomplete beta", tolerance: 1e-12)
        for fixture in try fixtures.distributions.incompleteBeta {
            let actual = IncompleteBeta.regularized(x: fixture.x, a: fixture.a, b: fixture.b)
            value.record(actual, fixture.value, in: "x \(fixture.x) a \(fixture.a) b \(fixture.b)")
        }
        #expect(value.report())
    }

    @Test func studentTailMatchesScipy() throws {
        var pValue = LargestDifference("student t two-sided p", tolerance: 1e-12)
        for fixture in try fixtures.distributions.studentTTwoSided {
            let actual = IncompleteBeta.studentTTwoSidedPValue(t: fixture.t, degreesOfFreedom: fixture.df)
            pValue.record(actual, fixture.pValue, in: "t \(fixture.t) df \(fixture.df)")
        }
        #expect(pValue.report())
    }

    /// I_x(1, 1) = x and I_x(a, 1) = xᵃ.
    @Test func closedForms() throws {
        #expect(abs(try #require(IncompleteBeta.regularized(x: 0.3, a: 1, b: 1)) - 0.3) < 1e-15)
        #expect(abs(try #require(IncompleteBeta.regularized(x: 0.7, a: 3, b: 1)) - 0.343) < 1e-15)
        #expect(IncompleteBeta.regularized(x: 1.5, a: 1, b: 1) == nil)
        #expect(IncompleteBeta.studentTTwoSidedPValue(t: 0, degreesOfFreedom: 4) == 1)
    }
}
