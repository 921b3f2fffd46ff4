import Foundation
import Testing

@testable import Inspection

struct BinaryMetricsTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    /// Encodes `metrics` as JSON: JSONEncoder throws on NaN or infinity by default, so encoding at all shows
    /// that no field is either; the search for "nan" guards against a lenient encoder.
    private func encodesWithoutNaN(_ metrics: BinaryMetrics) throws {
        let json = String(decoding: try JSONEncoder().encode(metrics), as: UTF8.self)
        #expect(!json.lowercased().contains("nan"))
    }

    @Test func scoresMatchScikitLearn() throws {
        var auroc = LargestDifference("auroc", tolerance: 1e-12)
        var auprc = LargestDifference("auprc (average_precision_score)", tolerance: 1e-12)
        var logLoss = LargestDifference("log loss", tolerance: 1e-12)
        var brier = LargestDifference("brier", tolerance: 1e-12)
        for fixture in try fixtures.binary {
            let metrics = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels)
            auroc.record(metrics.auroc, fixture.auroc, in: fixture.name)
            auprc.record(metrics.auprc, fixture.averagePrecision, in: fixture.name)
            logLoss.record(metrics.logLoss, fixture.logLoss, in: fixture.name)
            brier.record(metrics.brier, fixture.brier, in: fixture.name)
            try encodesWithoutNaN(metrics)
        }
        for difference in [auroc, auprc, logLoss, brier] { #expect(difference.report()) }
    }

    @Test func confusionCountsAndRatesMatchScikitLearn() throws {
        for fixture in try fixtures.binary {
            let metrics = BinaryMetrics.compute(
                predictions: fixture.predictions, labels: fixture.labels, threshold: fixture.threshold)
            #expect(metrics.truePositives == fixture.truePositives, "\(fixture.name)")
            #expect(metrics.falsePositives == fixture.falsePositives, "\(fixture.name)")
            #expect(metrics.trueNegatives == fixture.trueNegatives, "\(fixture.name)")
            #expect(metrics.falseNegatives == fixture.falseNegatives, "\(fixture.name)")
            let sensitivity = Double(fixture.truePositives) / Double(fixture.truePositives + fixture.falseNegatives)
            #expect(metrics.sensitivity == sensitivity, "\(fixture.name)")
            let interval = try #require(metrics.sensitivityInterval)
            #expect(interval.contains(sensitivity))
        }
    }

    @Test func calibrationBinsMatchNumpyHistogram() throws {
        var means = LargestDifference("calibration mean prediction", tolerance: 1e-12)
        var rates = LargestDifference("calibration observed rate", tolerance: 1e-12)
        for fixture in try fixtures.binary {
            let bins = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels).calibration
            #expect(bins.map(\.count) == fixture.calibrationCounts, "\(fixture.name)")
            for (bin, (mean, rate)) in zip(
                bins, zip(fixture.calibrationMeanPrediction, fixture.calibrationObservedRate))
            {
                #expect((bin.meanPrediction == nil) == (mean == nil), "\(fixture.name)")
                if let mean { means.record(bin.meanPrediction, mean, in: fixture.name) }
                if let rate { rates.record(bin.observedRate, rate, in: fixture.name) }
            }
        }
        #expect(means.report())
        #expect(rates.report())
    }

    @Test func fullCurvesMatchScikitLearn() throws {
        var points = LargestDifference("roc and pr curve coordinates", tolerance: 1e-15)
        for fixture in try fixtures.binary {
            guard let fpr = fixture.rocFpr, let tpr = fixture.rocTpr, let rocThresholds = fixture.rocThresholds,
                let precision = fixture.prPrecision, let recall = fixture.prRecall,
                let prThresholds = fixture.prThresholds
            else { continue }
            let metrics = BinaryMetrics.compute(
                predictions: fixture.predictions, labels: fixture.labels, maximumCurvePoints: 100_000)
            #expect(metrics.roc.count == fpr.count, "\(fixture.name)")
            for (point, (x, y)) in zip(metrics.roc, zip(fpr, tpr)) {
                points.record(point.x, x, in: fixture.name)
                points.record(point.y, y, in: fixture.name)
            }
            #expect(metrics.roc.dropFirst().map(\.threshold) == rocThresholds, "\(fixture.name)")
            // scikit-learn lists the precision-recall curve by increasing threshold, ending at (recall 0, precision 1).
            #expect(metrics.pr.count == precision.count, "\(fixture.name)")
            for (point, (x, y)) in zip(metrics.pr, zip(recall.reversed(), precision.reversed())) {
                points.record(point.x, x, in: fixture.name)
                points.record(point.y, y, in: fixture.name)
            }
            #expect(metrics.pr.dropFirst().map(\.threshold) == prThresholds.reversed(), "\(fixture.name)")
        }
        #expect(points.report())
    }

    @Test func curvesAreSubsampledKeepingBothEnds() throws {
        let fixture = try #require(try fixtures.binary.first { $0.name == "n2000" })
        let metrics = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels)
        #expect(metrics.roc.count == 200)
        #expect(metrics.pr.count == 200)
        #expect(metrics.roc.first.map { [$0.x, $0.y] } == [0, 0])
        #expect(metrics.roc.last.map { [$0.x, $0.y] } == [1, 1])
        #expect(metrics.pr.first.map { [$0.x, $0.y] } == [0, 1])
        #expect(metrics.pr.last?.x == 1)
        #expect(zip(metrics.roc, metrics.roc.dropFirst()).allSatisfy { $0.threshold > $1.threshold })
    }

    @Test func aurocIntervalIsTheLogitDeLongInterval() throws {
        let fixture = try #require(try fixtures.binary.first { $0.name == "n200" })
        let metrics = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels)
        let auc = fixture.auroc
        let standardError = fixture.delongVariance.squareRoot()
        let spread = 1.959963984540054 * standardError / (auc * (1 - auc))
        let logit = log(auc / (1 - auc))
        let interval = try #require(metrics.aurocInterval)
        #expect(abs(try #require(metrics.aurocStandardError) - standardError) < 1e-12)
        #expect(abs(interval.lower - 1 / (1 + exp(-(logit - spread)))) < 1e-12)
        #expect(abs(interval.upper - 1 / (1 + exp(-(logit + spread)))) < 1e-12)
        #expect(interval.lower < auc && auc < interval.upper && interval.level == 0.95)
    }

    @Test func oneClassOnlyGivesNilAurocWithAReason() throws {
        let metrics = BinaryMetrics.compute(predictions: [0.1, 0.4, 0.8, 0.35], labels: [0, 0, 0, 0])
        #expect(metrics.auroc == nil && metrics.aurocInterval == nil && metrics.auprc == nil)
        #expect(metrics.nullReasons["auroc"] == "needs both classes; there are 0 positives and 4 negatives")
        #expect(metrics.nullReasons["auprc"] != nil)
        #expect(metrics.sensitivity == nil && metrics.nullReasons["sensitivity"] == "there are no positives")
        #expect(metrics.ppv == 0 && metrics.specificity == 0.75)
        #expect(metrics.roc.isEmpty && metrics.pr.isEmpty)
        #expect(metrics.logLoss != nil && metrics.brier != nil)
        try encodesWithoutNaN(metrics)
    }

    @Test func singlePositiveHasAurocButNoDeLongInterval() throws {
        let metrics = BinaryMetrics.compute(predictions: [0.9, 0.2, 0.3, 0.95], labels: [1, 0, 0, 0])
        #expect(metrics.auroc == 2.0 / 3)
        #expect(metrics.aurocStandardError == nil)
        #expect(metrics.nullReasons["aurocInterval"]?.contains("at least 2 positives") == true)
        try encodesWithoutNaN(metrics)
    }

    @Test func thresholdWithNoPredictedPositivesHasNilPPV() throws {
        let metrics = BinaryMetrics.compute(predictions: [0.1, 0.2, 0.3, 0.4], labels: [1, 0, 1, 0], threshold: 0.9)
        #expect(metrics.ppv == nil && metrics.ppvInterval == nil)
        #expect(metrics.nullReasons["ppv"] == "no prediction is ≥ the threshold 0.9")
        #expect(metrics.npv == 0.5 && metrics.sensitivity == 0)
        try encodesWithoutNaN(metrics)
    }

    @Test func perfectSeparationHasAZeroWidthInterval() throws {
        let metrics = BinaryMetrics.compute(predictions: [0.9, 0.8, 0.1, 0.2], labels: [1, 1, 0, 0])
        #expect(metrics.auroc == 1 && metrics.aurocStandardError == 0)
        #expect(metrics.aurocInterval == ConfidenceInterval(lower: 1, upper: 1))
        #expect(metrics.auprc == 1)
        try encodesWithoutNaN(metrics)
    }

    @Test func emptyInputGivesZeroCountsAndReasons() throws {
        let metrics = BinaryMetrics.compute(predictions: [], labels: [])
        #expect(metrics.count == 0 && metrics.positives == 0 && metrics.negatives == 0)
        for key in ["prevalence", "auroc", "auprc", "logLoss", "brier", "sensitivity", "npv", "roc"] {
            #expect(metrics.nullReasons[key] == "no predictions", "\(key)")
        }
        #expect(metrics.calibration.count == 10 && metrics.calibration.allSatisfy { $0.count == 0 })
        try encodesWithoutNaN(metrics)
    }

    @Test func nonFiniteRowsAreExcludedAndMismatchedCountsExplained() throws {
        let metrics = BinaryMetrics.compute(predictions: [0.9, .nan, 0.2, 0.7], labels: [1, 1, 0, .infinity])
        #expect(metrics.count == 2 && metrics.excluded == 2 && metrics.auroc == 1)
        try encodesWithoutNaN(metrics)
        let mismatched = BinaryMetrics.compute(predictions: [0.5], labels: [1, 0])
        #expect(mismatched.nullReasons["input"] == "predictions (1) and labels (2) differ in count")
        #expect(mismatched.auroc == nil && mismatched.nullReasons["auroc"] == "no usable input")
        try encodesWithoutNaN(mismatched)
    }

    @Test func hanleyMcNeilRatingsGiveThePublishedArea() throws {
        let fixture = try #require(try fixtures.binary.first { $0.name == "hanley_mcneil_1982" })
        let metrics = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels)
        #expect(metrics.positives == 51 && metrics.negatives == 58)
        #expect(abs(try #require(metrics.auroc) - 0.893) < 0.0005)  // Hanley & McNeil (1982): 0.893
    }
}
