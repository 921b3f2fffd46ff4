import Testing

@testable import Inspection

struct DayNightVariabilityTests {
    /// Day bins alternate 60/80 (std 10); night bins alternate 50/54 (std 2): target 8.
    @Test func subtractsNightFromDayStandardDeviation() throws {
        let night = (0..<40).map { $0 >= 20 }
        let heartRate: [Float] = (0..<40).map { bin in
            bin < 20 ? (bin.isMultiple(of: 2) ? 60 : 80) : (bin.isMultiple(of: 2) ? 50 : 54)
        }
        let target = try #require(
            DayNightVariability.target(heartRate: heartRate, observed: Array(repeating: 1, count: 40), night: night))
        #expect(abs(target - 8) < 1e-9)
    }

    @Test func ignoresUnobservedBins() throws {
        let night = (0..<40).map { $0 >= 20 }
        var heartRate: [Float] = (0..<40).map { bin in bin < 20 ? (bin.isMultiple(of: 2) ? 60 : 80) : 50 }
        var observed = [Float](repeating: 1, count: 40)
        heartRate[25] = 0  // a missing bin stored as 0 must not count as a heart rate of 0
        observed[25] = 0
        let target = try #require(DayNightVariability.target(heartRate: heartRate, observed: observed, night: night))
        #expect(abs(target - 10) < 1e-9)
    }

    @Test func needsEnoughObservedBinsInBothParts() {
        let night = (0..<40).map { $0 >= 35 }
        let result = DayNightVariability.target(
            heartRate: Array(repeating: 60, count: 40), observed: Array(repeating: 1, count: 40), night: night)
        #expect(result == nil)
    }
}
