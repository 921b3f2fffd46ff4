import Foundation
import Testing

@testable import Inspection

struct ClusteredDeLongTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func matchesThePairwiseReferenceOfTheFixtureScript() throws {
        // The script sums the kernel matrix cluster by cluster; Auscult sums mid-rank components.
        var auc = LargestDifference("clustered auc", tolerance: 1e-12)
        var variance = LargestDifference("clustered variance", tolerance: 1e-12, relativeFloor: 1e-12)
        let cases = try fixtures.clusteredBinary
        #expect(cases.count == 2)
        for fixture in cases {
            let result = DeLong.auroc(predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.clusters)
            auc.record(result?.auc, fixture.auroc, in: fixture.name)
            variance.record(result?.variance, fixture.clusteredVariance, in: fixture.name)
        }
        #expect(auc.report())
        #expect(variance.report())
    }

    @Test func oneRowPerClusterIsDeLong() throws {
        var variance = LargestDifference("clustered vs DeLong variance, singleton clusters", tolerance: 1e-12, relativeFloor: 1e-12)
        for fixture in try fixtures.binary {
            let clustered = DeLong.auroc(
                predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.labels.indices.map { Int64($0) })
            variance.record(clustered?.variance, fixture.delongVariance, in: fixture.name)
            #expect(clustered?.clusterCount == fixture.labels.count)
        }
        #expect(variance.report())
    }

    /// Users with two weeks that share the label and a per-user score effect, drawn 400 times: the spread of
    /// the AUROC across draws is what a standard error should estimate. The clustered variance averages
    /// within 15 % of it; the plain DeLong variance, which counts 600 weeks as independent, falls well short.
    @Test func clusteredVarianceMatchesTheSpreadAcrossDraws() {
        var draws = SimulationDraws(seed: 2024)
        let users = 300
        let clusters = (0..<users).flatMap { [Int64($0), Int64($0)] }
        var aucs: [Double] = []
        var clusteredVariances: [Double] = []
        var plainVariances: [Double] = []
        for _ in 0..<400 {
            var predictions: [Double] = []
            var labels: [Double] = []
            for _ in 0..<users {
                let label: Double = draws.uniform() < 0.3 ? 1 : 0
                let shared = draws.normal()
                for _ in 0..<2 {
                    predictions.append(shared + 0.4 * draws.normal() + 1.0 * label)
                    labels.append(label)
                }
            }
            guard let clustered = DeLong.auroc(predictions: predictions, labels: labels, clusters: clusters),
                let plain = DeLong.auroc(predictions: predictions, labels: labels)
            else { continue }
            aucs.append(clustered.auc)
            clusteredVariances.append(clustered.variance)
            plainVariances.append(plain.variance)
        }
        #expect(aucs.count == 400)
        let meanAUC = aucs.reduce(0, +) / Double(aucs.count)
        let spread = aucs.reduce(0) { $0 + ($1 - meanAUC) * ($1 - meanAUC) } / Double(aucs.count - 1)
        let clustered = clusteredVariances.reduce(0, +) / Double(clusteredVariances.count)
        let plain = plainVariances.reduce(0, +) / Double(plainVariances.count)
        print("AUROC variance across draws \(spread); mean clustered estimate \(clustered) (ratio \(clustered / spread)); "
            + "mean plain DeLong \(plain) (ratio \(plain / spread))")
        #expect(abs(clustered / spread - 1) < 0.15)
        #expect(plain / spread < 0.75)
    }

    @Test func needsTwoClustersOfEachClass() {
        // Four rows but only one cluster holds positives.
        #expect(DeLong.auroc(predictions: [0.9, 0.8, 0.2, 0.1], labels: [1, 1, 0, 0], clusters: [1, 1, 2, 3]) == nil)
        #expect(DeLong.auroc(predictions: [0.9, 0.8, 0.2, 0.1], labels: [1, 1, 0, 0], clusters: [1, 2, 3]) == nil)
        #expect(DeLong.auroc(predictions: [0.9, 0.8, 0.2, 0.1], labels: [1, 1, 0, 0], clusters: [1, 2, 3, 4]) != nil)
    }

    @Test func binaryMetricsUseTheClustersForTheInterval() throws {
        let fixture = try #require(try fixtures.clusteredBinary.first { $0.name == "two_weeks_per_user" })
        let clustered = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels, clusters: fixture.clusters)
        let plain = BinaryMetrics.compute(predictions: fixture.predictions, labels: fixture.labels)
        #expect(clustered.aurocClusters == 150 && plain.aurocClusters == nil)
        #expect(clustered.auroc == plain.auroc)
        let standardError = try #require(clustered.aurocStandardError)
        #expect(abs(standardError - fixture.clusteredVariance.squareRoot()) < 1e-12)
        #expect(standardError > (plain.aurocStandardError ?? .infinity))

        let tooFew = BinaryMetrics.compute(predictions: [0.9, 0.8, 0.2, 0.1], labels: [1, 1, 0, 0], clusters: [1, 1, 2, 3])
        #expect(tooFew.auroc == 1 && tooFew.aurocStandardError == nil)
        #expect(tooFew.nullReasons["aurocStandardError"]?.contains("2 clusters with a positive") == true)
        let mismatched = BinaryMetrics.compute(predictions: [0.9, 0.1], labels: [1, 0], clusters: [1])
        #expect(mismatched.auroc == nil && mismatched.nullReasons["input"]?.contains("clusters (1)") == true)
    }

    @Test func pairedDifferenceMatchesTheReference() throws {
        // The script's reference for one row per cluster is also checked there against DeLong's paired test.
        var difference = LargestDifference("paired difference", tolerance: 1e-12)
        var variance = LargestDifference("paired difference variance", tolerance: 1e-12, relativeFloor: 1e-12)
        let cases = try fixtures.pairedBinary
        #expect(cases.count == 2)
        for fixture in cases {
            let result = DeLong.comparePaired(fixture.a, fixture.b, labels: fixture.labels, clusters: fixture.clusters)
            difference.record(result?.difference, fixture.difference, in: fixture.name)
            variance.record(result.map { $0.standardError * $0.standardError }, fixture.differenceVariance, in: fixture.name)
        }
        #expect(difference.report())
        #expect(variance.report())
    }

    @Test func identicalScoresDoNotDiffer() throws {
        let fixture = try #require(try fixtures.pairedBinary.first)
        let same = try #require(DeLong.comparePaired(fixture.a, fixture.a, labels: fixture.labels, clusters: fixture.clusters))
        #expect(same.difference == 0 && same.standardError < 1e-9 && same.pValue == 1)
    }

    /// Two scorers of equal skill that share a per-user effect, 1,000 draws of 250 users with two weeks:
    /// the paired test rejects at p < 0.05 about 5 % of the time.
    @Test func pairedTestKeepsItsLevelUnderTheNull() {
        var draws = SimulationDraws(seed: 99)
        let clusters = (0..<250).flatMap { [Int64($0), Int64($0)] }
        var rejections = 0
        let trials = 1_000
        for _ in 0..<trials {
            var a: [Double] = []
            var b: [Double] = []
            var labels: [Double] = []
            for _ in 0..<250 {
                let label: Double = draws.uniform() < 0.3 ? 1 : 0
                let shared = draws.normal()
                for _ in 0..<2 {
                    a.append(shared + draws.normal() + label)
                    b.append(shared + draws.normal() + label)
                    labels.append(label)
                }
            }
            if let test = DeLong.comparePaired(a, b, labels: labels, clusters: clusters), test.pValue < 0.05 { rejections += 1 }
        }
        let rate = Double(rejections) / Double(trials)
        print("paired test, rejections at p < 0.05 under the null: \(rate)")
        #expect(rate > 0.025 && rate < 0.08)
    }
}
