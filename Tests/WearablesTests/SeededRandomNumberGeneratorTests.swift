import Testing

@testable import Wearables

struct SeededRandomNumberGeneratorTests {
    // MARK: Helpers

    private static let sampleCount = 100_000

    private static func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance)
    }

    private static func draws(_ draw: (inout SeededRandomNumberGenerator) -> Double) -> [Double] {
        var generator = SeededRandomNumberGenerator(seed: 99)
        return (0..<sampleCount).map { _ in draw(&generator) }
    }

    // MARK: Reference vectors

    @Test func xoshiro256StarStarMatchesThePublishedOutputsFromState1234() {
        var generator = SeededRandomNumberGenerator(state: (1, 2, 3, 4))
        let outputs = (0..<4).map { _ in generator.next() }
        #expect(outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func splitMix64MatchesThePublishedOutputsForSeed1234567() {
        var generator = SplitMix64(state: 1_234_567)
        let outputs = (0..<3).map { _ in generator.next() }
        #expect(outputs == [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }

    // MARK: Streams

    @Test func sameSeedAndStreamRepeatTheSequence() {
        var first = SeededRandomNumberGenerator(seed: 5, stream: [3, 1])
        var second = SeededRandomNumberGenerator(seed: 5, stream: [3, 1])
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
    }

    @Test func streamsDifferingInOneComponentDiffer() {
        var base = SeededRandomNumberGenerator(seed: 5, stream: [3, 1])
        var otherWeek = SeededRandomNumberGenerator(seed: 5, stream: [3, 2])
        var otherUser = SeededRandomNumberGenerator(seed: 5, stream: [4, 1])
        var otherSeed = SeededRandomNumberGenerator(seed: 6, stream: [3, 1])
        let reference = (0..<8).map { _ in base.next() }
        #expect((0..<8).map { _ in otherWeek.next() } != reference)
        #expect((0..<8).map { _ in otherUser.next() } != reference)
        #expect((0..<8).map { _ in otherSeed.next() } != reference)
    }

    // MARK: Distributions (100,000 draws; tolerances are 5 standard errors or more)

    @Test func uniformIsInUnitIntervalWithMeanOneHalf() {
        let values = Self.draws { $0.uniform() }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let (mean, variance) = Self.moments(values)
        #expect(abs(mean - 0.5) < 0.005)
        #expect(abs(variance - 1.0 / 12) < 0.002)
    }

    @Test func normalHasTheRequestedMeanAndStandardDeviation() {
        let (mean, variance) = Self.moments(Self.draws { $0.normal(mean: 3, standardDeviation: 2) })
        #expect(abs(mean - 3) < 0.03)
        #expect(abs(variance.squareRoot() - 2) < 0.03)
    }

    @Test func bernoulliSucceedsAtTheRequestedRate() {
        let (mean, _) = Self.moments(Self.draws { $0.bernoulli(0.3) ? 1 : 0 })
        #expect(abs(mean - 0.3) < 0.01)
    }

    @Test func poissonMeanAndVarianceMatchForSmallAndLargeMeans() {
        for expected in [0.5, 4.0, 60.0] {
            let (mean, variance) = Self.moments(Self.draws { Double($0.poisson(mean: expected)) })
            #expect(abs(mean - expected) < 5 * (expected / Double(Self.sampleCount)).squareRoot() + 0.01)
            #expect(abs(variance / expected - 1) < 0.05, "variance \(variance) for mean \(expected)")
        }
        var generator = SeededRandomNumberGenerator(seed: 1)
        #expect(generator.poisson(mean: 0) == 0)
    }

    @Test func integerCoversTheWholeClosedRangeAndNothingElse() {
        let values = Self.draws { Double($0.integer(in: -2...3)) }
        #expect(Set(values) == [-2, -1, 0, 1, 2, 3])
    }

    @Test func weightedIndexFollowsTheWeights() {
        let values = Self.draws { Double($0.index(weightedBy: [1, 0, 3])) }
        #expect(!values.contains(1))
        let shareOfLast = Double(values.filter { $0 == 2 }.count) / Double(values.count)
        #expect(abs(shareOfLast - 0.75) < 0.01)
    }
}
