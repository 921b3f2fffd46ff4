import Testing

@testable import Inspection

struct ProportionsTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func wilsonMatchesScipyAndNewcombe() throws {
        var bounds = LargestDifference("wilson bounds (scipy binomtest)", tolerance: 1e-12)
        for fixture in try fixtures.proportions {
            for (counts, expected) in [(fixture.a, fixture.aWilson), (fixture.b, fixture.bWilson)] {
                let interval = Proportions.wilson(successes: counts[0], trials: counts[1])
                bounds.record(interval?.lower, expected[0], in: "\(counts)")
                bounds.record(interval?.upper, expected[1], in: "\(counts)")
            }
        }
        #expect(bounds.report())
        // Newcombe (1998), single proportion, example 81/263: Wilson 0.2553 to 0.3662.
        let interval = try #require(Proportions.wilson(successes: 81, trials: 263))
        #expect(abs(interval.lower - 0.2553) < 5e-5 && abs(interval.upper - 0.3662) < 5e-5)
    }

    @Test func differenceUsesNewcombeIntervalAndPooledZTest() throws {
        var bounds = LargestDifference("newcombe method 10 bounds", tolerance: 1e-12)
        var pValue = LargestDifference("difference p-value (scipy chi2_contingency, no correction)", tolerance: 1e-12)
        for fixture in try fixtures.proportions {
            let difference = Proportions.difference(
                (fixture.a[0], fixture.a[1]), (fixture.b[0], fixture.b[1]))
            let name = "\(fixture.a) vs \(fixture.b)"
            bounds.record(difference?.interval.lower, fixture.newcombe[0], in: name)
            bounds.record(difference?.interval.upper, fixture.newcombe[1], in: name)
            pValue.record(difference?.pValue, fixture.chiSquareP, in: name)
        }
        #expect(bounds.report())
        #expect(pValue.report())
        // Newcombe (1998), difference, example 56/70 vs 48/80: method 10 gives 0.0524 to 0.3339.
        let difference = try #require(Proportions.difference((56, 70), (48, 80)))
        #expect(abs(difference.difference - 0.2) < 1e-15)
        #expect(abs(difference.interval.lower - 0.0524) < 5e-5 && abs(difference.interval.upper - 0.3339) < 5e-5)
    }

    @Test func impossibleCountsGiveNil() {
        #expect(Proportions.wilson(successes: 0, trials: 0) == nil)
        #expect(Proportions.wilson(successes: 5, trials: 4) == nil)
        #expect(Proportions.wilson(successes: 1, trials: 4, level: 1) == nil)
        #expect(Proportions.difference((1, 0), (1, 2)) == nil)
    }

    @Test func extremeProportionsStayInsideTheUnitInterval() throws {
        let none = try #require(Proportions.wilson(successes: 0, trials: 10))
        let all = try #require(Proportions.wilson(successes: 10, trials: 10))
        #expect(none.lower == 0 && none.upper > 0 && all.upper == 1 && all.lower < 1)
    }
}
