import Testing

@testable import Inspection

struct FisherExactTests {
    var fixtures: MetricFixtures { get throws { try MetricFixtures.shared.get() } }

    @Test func twoSidedPValueMatchesScipy() throws {
        var pValue = LargestDifference("fisher exact p-value", tolerance: 1e-12)
        var relative = LargestDifference("fisher exact p-value", tolerance: 1e-9, relativeFloor: 1e-300)
        for fixture in try fixtures.fisher {
            let table = fixture.table
            let p = FisherExact.twoSided(a: table[0][0], b: table[0][1], c: table[1][0], d: table[1][1])
            pValue.record(p, fixture.pValue, in: "\(table)")
            relative.record(p, fixture.pValue, in: "\(table)")
        }
        #expect(pValue.report())
        #expect(relative.report())
    }

    /// The lady tasting tea: [[3, 1], [1, 3]] has p = 34/70 (tables 0, 1, 3, 4 of the 5 with margins 4/4).
    @Test func ladyTastingTea() {
        #expect(abs(FisherExact.twoSided(a: 3, b: 1, c: 1, d: 3) - 34.0 / 70) < 1e-14)
        #expect(abs(FisherExact.twoSided(a: 4, b: 0, c: 0, d: 4) - 2.0 / 70) < 1e-14)
    }

    @Test func emptyMarginsGiveOne() {
        #expect(FisherExact.twoSided(a: 0, b: 0, c: 0, d: 0) == 1)
        #expect(FisherExact.twoSided(a: 0, b: 7, c: 0, d: 3) == 1)
    }

    @Test func largeTablesDoNotOverflow() {
        let p = FisherExact.twoSided(a: 5000, b: 3000, c: 3000, d: 5000)
        #expect(p >= 0 && p < 1e-100)
    }
}
