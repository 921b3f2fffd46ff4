import Testing

@testable import Inspection

struct CorrelationTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func pearsonMatchesScipy() throws {
        var coefficient = LargestDifference("pearson r", tolerance: 1e-12)
        var pValue = LargestDifference("pearson p-value", tolerance: 1e-12)
        var bounds = LargestDifference("pearson Fisher-z interval", tolerance: 1e-12)
        for fixture in try fixtures.correlation {
            let estimate = Correlation.pearson(fixture.x, fixture.y)
            #expect(estimate.n == fixture.x.count)
            coefficient.record(estimate.coefficient, fixture.pearson, in: fixture.name)
            pValue.record(estimate.pValue, fixture.pearsonP, in: fixture.name)
            bounds.record(estimate.interval?.lower, fixture.pearsonLower, in: fixture.name)
            bounds.record(estimate.interval?.upper, fixture.pearsonUpper, in: fixture.name)
        }
        for difference in [coefficient, pValue, bounds] { #expect(difference.report()) }
    }

    @Test func spearmanMatchesScipy() throws {
        var coefficient = LargestDifference("spearman rho", tolerance: 1e-12)
        var pValue = LargestDifference("spearman p-value", tolerance: 1e-12)
        var bounds = LargestDifference("spearman interval (SE √(1.06/(n − 3)))", tolerance: 1e-12)
        for fixture in try fixtures.correlation {
            let estimate = Correlation.spearman(fixture.x, fixture.y)
            coefficient.record(estimate.coefficient, fixture.spearman, in: fixture.name)
            pValue.record(estimate.pValue, fixture.spearmanP, in: fixture.name)
            bounds.record(estimate.interval?.lower, fixture.spearmanLower, in: fixture.name)
            bounds.record(estimate.interval?.upper, fixture.spearmanUpper, in: fixture.name)
        }
        for difference in [coefficient, pValue, bounds] { #expect(difference.report()) }
    }

    @Test func constantVariableHasNoCoefficient() {
        let estimate = Correlation.pearson([1, 2, 3, 4, 5], [2, 2, 2, 2, 2])
        #expect(estimate.n == 5 && estimate.coefficient == nil && estimate.pValue == nil)
        #expect(estimate.nullReasons["coefficient"] == "one variable is constant, so the correlation is undefined")
    }

    @Test func smallSamplesDropWhatTheyCannotSupport() {
        let two = Correlation.pearson([1, 2], [3, 5])
        #expect(two.coefficient == 1 && two.pValue == nil && two.interval == nil)
        let three = Correlation.spearman([1, 2, 3], [1, 3, 2])
        #expect(three.coefficient == 0.5 && three.pValue != nil && three.interval == nil)
        #expect(three.nullReasons["interval"] == "needs at least 4 pairs for a Fisher z interval; there are 3")
        let mismatched = Correlation.pearson([1, 2, 3], [1, 2])
        #expect(mismatched.n == 0 && mismatched.nullReasons["input"] != nil)
    }

    @Test func perfectCorrelationHasAPointInterval() throws {
        let estimate = Correlation.pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])
        #expect(estimate.coefficient == 1 && estimate.pValue == 0)
        #expect(estimate.interval == ConfidenceInterval(lower: 1, upper: 1))
    }

    @Test func nonFinitePairsAreLeftOut() {
        let estimate = Correlation.pearson([1, 2, .nan, 4, 5], [1, 3, 3, .infinity, 4])
        #expect(estimate.n == 3)
    }
}
