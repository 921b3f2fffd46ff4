import Foundation
import Testing

@testable import Inspection

struct LogisticRegressionTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    private func names(_ count: Int) -> [String] { (0..<count).map { "feature\($0)" } }

    /// scikit-learn's lbfgs stops at a gradient of ~1e-10, so its coefficients are good to ~1e-8 or so; the
    /// comparison is relative to max(|coefficient|, 0.01) so that near-zero weights do not inflate it.
    @Test func coefficientsMatchScikitLearn() throws {
        var coefficients = LargestDifference("logistic coefficients", tolerance: 1e-5, relativeFloor: 0.01)
        var probabilities = LargestDifference("logistic probabilities", tolerance: 1e-7)
        for fixture in try fixtures.logistic {
            let width = fixture.features[0].count
            let model = try LogisticRegression.fit(
                features: fixture.features, labels: fixture.labels, featureNames: names(width), l2: fixture.l2)
            #expect(model.converged && model.iterations < 20, "\(fixture.name): \(model.iterations) iterations")
            let expected = fixture.coefficients + [fixture.intercept]
            for (actual, reference) in zip(model.coefficients + [model.intercept], expected) {
                coefficients.record(actual, reference, in: fixture.name)
            }
            for (actual, reference) in zip(model.predict(fixture.features), try #require(fixture.probabilities)) {
                probabilities.record(actual, reference, in: fixture.name)
            }
        }
        #expect(coefficients.report())
        #expect(probabilities.report())
    }

    @Test func constantFeatureGetsScaleOneAndZeroWeight() throws {
        let fixture = try #require(try fixtures.logistic.first { $0.name.hasSuffix("constant") })
        let width = fixture.features[0].count
        let model = try LogisticRegression.fit(
            features: fixture.features, labels: fixture.labels, featureNames: names(width), l2: fixture.l2)
        #expect(model.constantFeatures == ["feature\(width - 1)"])
        #expect(model.scales[width - 1] == 1 && model.means[width - 1] == 3.5)
        #expect(model.coefficients[width - 1] == 0)
    }

    @Test func unpenalisedFitOnSeparableDataStopsWithoutConverging() throws {
        let features: [[Double]] = [[0], [1], [2], [3]]
        let model = try LogisticRegression.fit(
            features: features, labels: [0, 0, 1, 1], featureNames: ["x"], l2: 0, maximumIterations: 200)
        #expect(!model.converged)
        #expect(model.predict([[0], [3]]).allSatisfy { $0.isFinite })
    }

    @Test func rejectsBadInputWithClearMessages() {
        #expect(throws: LinearModelError.noRows) {
            try LogisticRegression.fit(features: [], labels: [], featureNames: [])
        }
        #expect(throws: LinearModelError.raggedRow(row: 1, count: 1, expected: 2)) {
            try LogisticRegression.fit(features: [[1, 2], [3], [4, 5]], labels: [0, 1, 0], featureNames: ["a", "b"])
        }
        #expect(throws: LinearModelError.singleClass(label: 1, rows: 2)) {
            try LogisticRegression.fit(features: [[1], [2]], labels: [1, 1], featureNames: ["a"])
        }
        #expect(throws: LinearModelError.labelNotBinary(row: 1, value: 0.5)) {
            try LogisticRegression.fit(features: [[1], [2]], labels: [1, 0.5], featureNames: ["a"])
        }
        #expect(throws: LinearModelError.notFinite(row: 0, feature: "age", value: .infinity)) {
            try LogisticRegression.fit(features: [[.infinity], [2]], labels: [1, 0], featureNames: ["age"])
        }
        #expect(
            LinearModelError.singleClass(label: 1, rows: 2).description
                == "all 2 labels are 1.0; logistic regression needs both classes")
    }

    @Test func roundTripsThroughJSON() throws {
        let model = try LogisticRegression.fit(
            features: [[1, 5], [2, 5], [3, 5], [4, 5]], labels: [0, 1, 0, 1], featureNames: ["a", "b"])
        let decoded = try JSONDecoder().decode(LogisticRegression.self, from: JSONEncoder().encode(model))
        #expect(decoded.predict([[2.5, 5]]) == model.predict([[2.5, 5]]))
    }
}
