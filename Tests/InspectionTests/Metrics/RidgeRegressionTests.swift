import Testing

@testable import Inspection

struct RidgeRegressionTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    private func names(_ count: Int) -> [String] { (0..<count).map { "feature\($0)" } }

    @Test func coefficientsMatchScikitLearn() throws {
        var coefficients = LargestDifference("ridge coefficients", tolerance: 1e-9, relativeFloor: 0.01)
        var predictions = LargestDifference("ridge predictions", tolerance: 1e-9)
        for fixture in try fixtures.ridge {
            let width = fixture.features[0].count
            let model = try RidgeRegression.fit(
                features: fixture.features, labels: fixture.labels, featureNames: names(width), l2: fixture.l2)
            let expected = fixture.coefficients + [fixture.intercept]
            for (actual, reference) in zip(model.coefficients + [model.intercept], expected) {
                coefficients.record(actual, reference, in: fixture.name)
            }
            for (actual, expected) in zip(model.predict(fixture.features), try #require(fixture.predictions)) {
                predictions.record(actual, expected, in: fixture.name)
            }
            #expect(model.constantFeatures.isEmpty == !fixture.name.hasSuffix("constant"))
        }
        #expect(coefficients.report())
        #expect(predictions.report())
    }

    @Test func unpenalisedFitRecoversAnExactLine() throws {
        let features: [[Double]] = [[0, 1], [1, 0], [2, 2], [3, 5], [4, 1]]
        let labels = features.map { 3 + 2 * $0[0] - 0.5 * $0[1] }
        let model = try RidgeRegression.fit(features: features, labels: labels, featureNames: ["x", "y"], l2: 0)
        for (fitted, label) in zip(model.predict(features), labels) { #expect(abs(fitted - label) < 1e-12) }
    }

    @Test func collinearFeaturesWithoutPenaltyAreRejected() {
        let features: [[Double]] = [[1, 2], [2, 4], [3, 6]]
        #expect(throws: LinearModelError.singularSystem(features: 2)) {
            try RidgeRegression.fit(features: features, labels: [1, 2, 3], featureNames: ["a", "b"], l2: 0)
        }
        #expect(throws: LinearModelError.featureNameCount(names: 1, columns: 2)) {
            try RidgeRegression.fit(features: features, labels: [1, 2, 3], featureNames: ["a"])
        }
    }
}
