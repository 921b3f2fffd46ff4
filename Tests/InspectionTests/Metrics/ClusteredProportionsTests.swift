import Foundation
import Testing

@testable import Inspection

struct ClusteredProportionsTests {
    @Test func oneRowPerClusterIsTheUnclusteredDifference() throws {
        let a = (0..<70).map { $0 < 56 }
        let b = (0..<80).map { $0 < 48 }
        let clustered = try #require(Proportions.clusteredDifference(
            (a, a.indices.map { Int64($0) }), (b, b.indices.map { Int64(1000 + $0) })))
        let plain = try #require(Proportions.difference((56, 70), (48, 80)))
        #expect(abs(clustered.interval.lower - plain.interval.lower) < 1e-12)
        #expect(abs(clustered.interval.upper - plain.interval.upper) < 1e-12)
        #expect(abs(clustered.pValue - plain.pValue) < 1e-12)
    }

    /// Four users with two weeks each, both weeks alike: successes per user (2, 2, 0, 0), p̂ = ½, n = 8.
    /// Clustered variance (4 · 1²) / 64 = 1/16 against the binomial ¼ / 8 = 1/32: D = 2. Mixed
    /// users (1, 1, 1, 1) spread nothing, so their D is floored at 1.
    @Test func designEffectByHand() {
        let alike = [true, true, true, true, false, false, false, false]
        let users: [Int64] = [1, 1, 2, 2, 3, 3, 4, 4]
        #expect(abs(Proportions.designEffect(successes: alike, clusters: users) - 2) < 1e-12)
        let mixed = [true, false, true, false, true, false, true, false]
        #expect(Proportions.designEffect(successes: mixed, clusters: users) == 1)
        #expect(Proportions.designEffect(successes: [true, true], clusters: [1, 2]) == 1)
        #expect(Proportions.clusteredDifference((alike, users), ([true], [])) == nil)
    }

    /// 2,000 simulated strata of 150 users against 250, four weeks per user whose errors are correlated
    /// (design effect about 1.6), with the same error rate on both sides: the clustered test rejects at p < 0.05 close to
    /// 5 % of the time; the unclustered one, counting weeks as independent, far more often.
    @Test func clusteredTestKeepsItsLevelUnderTheNull() {
        var draws = SimulationDraws(seed: 77)
        func sample(users: Int, firstCluster: Int64) -> (successes: [Bool], clusters: [Int64]) {
            var successes: [Bool] = []
            var clusters: [Int64] = []
            for user in 0..<users {
                // A user's risk is 0.05 or 0.45 (mean 0.25), shared by all their weeks.
                let risk = draws.uniform() < 0.5 ? 0.05 : 0.45
                for _ in 0..<4 {
                    successes.append(draws.uniform() < risk)
                    clusters.append(firstCluster + Int64(user))
                }
            }
            return (successes, clusters)
        }
        var clusteredRejections = 0
        var plainRejections = 0
        let trials = 2_000
        for _ in 0..<trials {
            let a = sample(users: 150, firstCluster: 0)
            let b = sample(users: 250, firstCluster: 10_000)
            if let clustered = Proportions.clusteredDifference(a, b), clustered.pValue < 0.05 { clusteredRejections += 1 }
            if let plain = Proportions.difference(
                (a.successes.filter { $0 }.count, a.successes.count), (b.successes.filter { $0 }.count, b.successes.count)),
                plain.pValue < 0.05 { plainRejections += 1 }
        }
        let clusteredRate = Double(clusteredRejections) / Double(trials)
        let plainRate = Double(plainRejections) / Double(trials)
        print("rejections at p < 0.05 under the null: clustered \(clusteredRate), unclustered \(plainRate)")
        #expect(clusteredRate > 0.03 && clusteredRate < 0.07)
        #expect(plainRate > 0.09)
    }
}
