import Foundation
import Testing

@testable import Inspection

struct PairedErrorsTests {
    /// Rows 1 … 4, one per cluster, with differences of absolute error d = (1, 1, 3, −1): δ = 1, and the
    /// variance 4/3 · (0 + 0 + 4 + 4) / 16 = 2/3 is the sample variance of d over n, as a paired z-test's.
    @Test func oneRowPerClusterIsThePairedZTest() throws {
        let labels = [0.0, 0, 0, 0]
        let a = [1.0, 2, 3, 1]
        let b = [0.0, 1, 0, 2]
        let result = try #require(PairedErrors.maeDifference(a, b, labels: labels, clusters: [1, 2, 3, 4]))
        #expect(result.difference == 1)
        #expect(abs(result.standardError * result.standardError - 2.0 / 3.0) < 1e-15)
        #expect(abs(result.pValue - NormalDistribution.twoSidedPValue(1 / (2.0 / 3.0).squareRoot())) < 1e-15)
    }

    @Test func rowsOfOneClusterMoveTogether() throws {
        // The same four rows in two clusters of two: d sums to (2, 2), δ = 1, no spread between clusters.
        let result = try #require(PairedErrors.maeDifference([1, 2, 3, 1], [0, 1, 0, 2], labels: [0, 0, 0, 0], clusters: [1, 1, 2, 2]))
        #expect(result.difference == 1 && result.standardError == 0 && result.pValue == 0)
        #expect(PairedErrors.maeDifference([1, 2], [0, 1], labels: [0, 0], clusters: [1, 1]) == nil)
        #expect(PairedErrors.maeDifference([1, 2], [0], labels: [0, 0], clusters: [1, 2]) == nil)
    }

    /// Two predictors of equal skill on 300 users with two correlated weeks, 1,000 draws: the test rejects at
    /// p < 0.05 about 5 % of the time.
    @Test func keepsItsLevelUnderTheNull() {
        var draws = SimulationDraws(seed: 5)
        let clusters = (0..<300).flatMap { [Int64($0), Int64($0)] }
        var rejections = 0
        for _ in 0..<1_000 {
            var a: [Double] = []
            var b: [Double] = []
            var labels: [Double] = []
            for _ in 0..<300 {
                let shared = 2 * draws.normal()
                for _ in 0..<2 {
                    labels.append(0)
                    a.append(shared + draws.normal())
                    b.append(shared + draws.normal())
                }
            }
            if let test = PairedErrors.maeDifference(a, b, labels: labels, clusters: clusters), test.pValue < 0.05 { rejections += 1 }
        }
        print("paired MAE difference, rejections at p < 0.05 under the null: \(Double(rejections) / 1000)")
        #expect(rejections > 25 && rejections < 80)
    }
}
