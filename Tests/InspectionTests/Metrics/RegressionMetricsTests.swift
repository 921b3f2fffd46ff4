import Foundation
import Testing

@testable import Inspection

struct RegressionMetricsTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    /// JSONEncoder throws on NaN or infinity by default; the search for "nan" guards against a lenient one.
    private func encodesWithoutNaN(_ metrics: RegressionMetrics) throws {
        let json = String(decoding: try JSONEncoder().encode(metrics), as: UTF8.self)
        #expect(!json.lowercased().contains("nan"))
    }

    @Test func pointEstimatesMatchScikitLearn() throws {
        var mae = LargestDifference("mae", tolerance: 1e-12)
        var rmse = LargestDifference("rmse", tolerance: 1e-12)
        var r2 = LargestDifference("r2", tolerance: 1e-12)
        for fixture in try fixtures.regression {
            let metrics = RegressionMetrics.compute(
                predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.clusters,
                bootstrapSamples: 200)
            mae.record(metrics.mae, fixture.mae, in: fixture.name)
            rmse.record(metrics.rmse, fixture.rmse, in: fixture.name)
            r2.record(metrics.r2, fixture.r2, in: fixture.name)
            #expect(metrics.count == fixture.labels.count)
            #expect(metrics.clusterCount == Set(fixture.clusters).count)
            try encodesWithoutNaN(metrics)
        }
        for difference in [mae, rmse, r2] { #expect(difference.report()) }
    }

    @Test func bootstrapIntervalsAreSeededAndBracketTheEstimate() throws {
        let fixture = try #require(try fixtures.regression.first { $0.name == "n2000" })
        func run(seed: UInt64) -> RegressionMetrics {
            RegressionMetrics.compute(
                predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.clusters, seed: seed)
        }
        let first = run(seed: 7)
        let again = run(seed: 7)
        let other = run(seed: 8)
        #expect(first.maeInterval == again.maeInterval && first.r2Interval == again.r2Interval)
        #expect(first.maeInterval != other.maeInterval)
        #expect(first.bootstrapSamples == 1000)
        let pairs = [(first.mae, first.maeInterval), (first.rmse, first.rmseInterval), (first.r2, first.r2Interval)]
        for (estimate, interval) in pairs {
            let value = try #require(estimate)
            let range = try #require(interval)
            #expect(range.contains(value) && range.upper - range.lower > 0 && range.level == 0.95)
        }
    }

    /// With 250 clusters of 8 rows the cluster bootstrap's MAE interval should be about as wide as
    /// 2 · 1.96 · SE, with SE the standard error of the mean absolute error over clusters.
    @Test func clusterBootstrapWidthIsPlausible() throws {
        let fixture = try #require(try fixtures.regression.first { $0.name == "n2000" })
        let metrics = RegressionMetrics.compute(
            predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.clusters)
        var perCluster: [Int64: (sum: Double, rows: Double)] = [:]
        for (row, cluster) in fixture.clusters.enumerated() {
            perCluster[cluster, default: (0, 0)].sum += abs(fixture.predictions[row] - fixture.labels[row])
            perCluster[cluster, default: (0, 0)].rows += 1
        }
        // Ratio estimator's linearised variance: Σ (sᵢ − mae · nᵢ)² / (N² · (K − 1) / K).
        let mae = try #require(metrics.mae)
        let k = Double(perCluster.count)
        let n = Double(fixture.labels.count)
        let spread = perCluster.values.reduce(0) { $0 + pow($1.sum - mae * $1.rows, 2) }
        let standardError = (spread / (n * n) * k / (k - 1)).squareRoot()
        let interval = try #require(metrics.maeInterval)
        let ratio = (interval.upper - interval.lower) / (2 * 1.959963984540054 * standardError)
        print("cluster bootstrap MAE interval width / normal-theory width: \(ratio)")
        #expect(ratio > 0.85 && ratio < 1.15)
    }

    @Test func oneClusterHasNoIntervals() throws {
        let metrics = RegressionMetrics.compute(
            predictions: [1, 2, 3.5], labels: [1, 2.5, 3], clusters: [42, 42, 42])
        #expect(metrics.mae != nil && metrics.r2 != nil)
        #expect(metrics.maeInterval == nil && metrics.rmseInterval == nil && metrics.r2Interval == nil)
        let reason = "the bootstrap resamples clusters and needs at least 2; there is 1"
        #expect(metrics.nullReasons["maeInterval"] == reason)
        #expect(metrics.bootstrapSamples == 0)
        try encodesWithoutNaN(metrics)
    }

    @Test func constantLabelsHaveNoRSquared() throws {
        let metrics = RegressionMetrics.compute(
            predictions: [0.1, 0.2, 0.3, 0.5], labels: [0.1, 0.1, 0.1, 0.1], clusters: [1, 2, 3, 4])
        #expect(metrics.r2 == nil && metrics.r2Interval == nil)
        #expect(metrics.nullReasons["r2"] == "the labels are constant, so R² is undefined")
        #expect(metrics.nullReasons["r2Interval"] == metrics.nullReasons["r2"])
        #expect(metrics.maeInterval != nil)
        try encodesWithoutNaN(metrics)
    }

    @Test func emptyAndMismatchedInputsAreExplained() throws {
        let empty = RegressionMetrics.compute(predictions: [], labels: [], clusters: [])
        #expect(empty.count == 0 && empty.mae == nil && empty.nullReasons["mae"] == "no rows")
        #expect(empty.nullReasons["r2Interval"] == "no rows")
        try encodesWithoutNaN(empty)
        let mismatched = RegressionMetrics.compute(predictions: [1], labels: [1], clusters: [])
        #expect(mismatched.nullReasons["input"] != nil && mismatched.rmse == nil)
        let partial = RegressionMetrics.compute(
            predictions: [1, .nan, 3, 4], labels: [1, 2, 3, 5], clusters: [1, 1, 2, 2], bootstrapSamples: 50)
        #expect(partial.count == 3 && partial.excluded == 1 && partial.mae == 1.0 / 3)
        try encodesWithoutNaN(partial)
    }
}
