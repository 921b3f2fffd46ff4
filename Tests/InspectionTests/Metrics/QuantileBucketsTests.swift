import Testing

@testable import Inspection

struct QuantileBucketsTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func edgesMatchNumpyQuantiles() throws {
        var edges = LargestDifference("quantile bucket edges (numpy quantile, linear)", tolerance: 1e-12)
        for fixture in try fixtures.quantileBuckets {
            let actual = QuantileBuckets.edges(fixture.values, count: fixture.count)
            #expect(actual.count == fixture.edges.count, "\(fixture.name)")
            for (edge, expected) in zip(actual, fixture.edges) { edges.record(edge, expected, in: fixture.name) }
        }
        #expect(edges.report())
    }

    @Test func bucketsAreClosedOnTheRight() {
        let edges = [1.0, 2.0, 3.0]
        #expect([0.5, 1, 1.5, 2, 2.5, 3, 3.5].map { QuantileBuckets.bucket($0, edges: edges) } == [0, 0, 1, 1, 2, 2, 3])
        #expect(QuantileBuckets.bucket(7, edges: []) == 0)
    }

    @Test func quartilesSplitEvenly() {
        let values = (1...100).map(Double.init)
        let edges = QuantileBuckets.edges(values, count: 4)
        #expect(edges == [25.75, 50.5, 75.25])
        var sizes = [0, 0, 0, 0]
        for value in values { sizes[QuantileBuckets.bucket(value, edges: edges)] += 1 }
        #expect(sizes == [25, 25, 25, 25])
    }

    @Test func degenerateInputsGiveNoEdges() {
        #expect(QuantileBuckets.edges([], count: 4).isEmpty)
        #expect(QuantileBuckets.edges([1, 2, 3], count: 1).isEmpty)
        #expect(QuantileBuckets.edges([2, 2, 2, .nan], count: 4) == [2])
    }
}
