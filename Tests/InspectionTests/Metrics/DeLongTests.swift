import Testing

@testable import Inspection

struct DeLongTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func varianceMatchesTwoReferenceImplementations() throws {
        // The script computes the variance by Sun & Xu's mid-rank algorithm and by the pairwise definition
        // and stops unless they agree to 1e-12.
        var auc = LargestDifference("DeLong auc", tolerance: 1e-12)
        var variance = LargestDifference("DeLong variance", tolerance: 1e-12)
        for fixture in try fixtures.binary {
            let result = DeLong.auroc(predictions: fixture.predictions, labels: fixture.labels)
            auc.record(result?.auc, fixture.auroc, in: fixture.name)
            variance.record(result?.variance, fixture.delongVariance, in: fixture.name)
        }
        #expect(auc.report())
        #expect(variance.report())
    }

    /// Positives 0.8, 0.6 and negatives 0.6, 0.2: ψ = [[1, 1], [½, 1]], so V₁₀ = (1, ¾), V₀₁ = (¾, 1),
    /// AUC = ⅞; each sample variance is 1/32, so the variance is 1/32 / 2 + 1/32 / 2.
    @Test func computesStructuralComponentsByHand() throws {
        let result = try #require(DeLong.auroc(predictions: [0.8, 0.6, 0.6, 0.2], labels: [1, 1, 0, 0]))
        #expect(result.auc == 0.875)
        #expect(abs(result.variance - (0.03125 / 2 + 0.03125 / 2)) < 1e-15)
    }

    @Test func hanleyMcNeilVarianceIsCloseToTheirApproximation() throws {
        let fixture = try #require(try fixtures.binary.first { $0.name == "hanley_mcneil_1982" })
        let result = try #require(DeLong.auroc(predictions: fixture.predictions, labels: fixture.labels))
        // Hanley & McNeil's exponential approximation gives SE 0.032; DeLong's is 0.0307 for these data.
        #expect(abs(result.variance.squareRoot() - 0.032) < 0.002)
    }

    @Test func needsTwoOfEachClass() {
        #expect(DeLong.auroc(predictions: [0.1, 0.2], labels: [0, 0]) == nil)
        #expect(DeLong.auroc(predictions: [0.1, 0.2, 0.3], labels: [1, 0, 0]) == nil)
        #expect(DeLong.auroc(predictions: [0.1, .nan, 0.3, 0.4], labels: [1, 0, 0, 1]) == nil)
        #expect(DeLong.auroc(predictions: [0.1], labels: [1, 0]) == nil)
    }

    /// a − b = 0.1 with SE √(0.0016 + 0.0009) = 0.05: z = 2, p = erfc(2/√2) = 0.04550026389635842.
    @Test func comparesIndependentAreasWithAZTest() {
        let difference = DeLong.compareIndependent((0.8, 0.0016), (0.7, 0.0009))
        #expect(abs(difference.difference - 0.1) < 1e-15)
        #expect(abs(difference.standardError - 0.05) < 1e-15)
        #expect(abs(difference.pValue - 0.04550026389635842) < 1e-14)
        #expect(abs(difference.interval.lower - (0.1 - 1.959963984540054 * 0.05)) < 1e-14)
        #expect(abs(difference.interval.upper - (0.1 + 1.959963984540054 * 0.05)) < 1e-14)
        #expect(difference.interval.level == 0.95)
    }

    @Test func zeroStandardErrorGivesAPointInterval() {
        let same = DeLong.compareIndependent((1, 0), (1, 0))
        #expect(same.pValue == 1 && same.interval == ConfidenceInterval(lower: 0, upper: 0))
        let different = DeLong.compareIndependent((1, 0), (0.5, 0), level: 2)
        #expect(different.pValue == 0 && different.interval.level == 0.95)
    }
}
