import Testing

@testable import Server

struct CompactNumberFormatTests {
    @Test(arguments: [
        (Float(0), "0"), (-1.25, "-1.25"), (3.2e-4, "3.2e-4"), (1e-3, "1e-3"), (0.05, "0.05"), (12.345, "12.3"),
        (1234, "1234"), (2.5e6, "2.5e6"), (-7e-5, "-7e-5"), (9.99e-3, "1e-2"), (1, "1"), (.nan, "nan"),
        (-.infinity, "-inf"),
    ])
    func printsAtMostThreeSignificantDigitsWithoutTrailingZeros(value: Float, expected: String) {
        #expect(CompactNumberFormat.string(value) == expected)
    }

    @Test func labelsDecadesAsPowersOfTen() {
        #expect(CompactNumberFormat.decade(-3) == "1e-3")
        #expect(CompactNumberFormat.decade(0) == "1e0")
    }
}
