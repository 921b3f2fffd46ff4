import Foundation
import Testing
import Wearables

@testable import Store

struct IngestStoreTests {
    func week(_ day: Int, heartRate: Float) -> WeekSeries {
        WeekSeries(
            start: LocalDate(year: 2026, month: 3, day: day), utcOffsetSeconds: 3600,
            heartRate: [Float](repeating: heartRate, count: WeekGrid.binCount), steps: [Float](repeating: 0, count: WeekGrid.binCount),
            observed: [Float](repeating: 1, count: WeekGrid.binCount))
    }

    let profile = UserProfile(
        externalID: "csv-user", birthYear: 1980, sex: .female,
        device: DeviceModel(family: .unknown, identifier: "csv", name: "CSV export", generation: nil), source: .csv, labels: [:])

    @Test func aSecondUploadReplacesTheWeeksItCoversAndAddsTheOthers() async throws {
        let database = try AppDatabase.inMemory()
        let first = try await database.storeIngest(
            profile: profile, weeks: [week(2, heartRate: 60)], filename: "a.csv", format: "csv", data: Data("a".utf8), report: "{}")
        #expect(first.userCreated && first.weeksCreated == [LocalDate(year: 2026, month: 3, day: 2)] && first.weeksUpdated.isEmpty)
        let second = try await database.storeIngest(
            profile: profile, weeks: [week(2, heartRate: 70), week(9, heartRate: 65)], filename: "b.csv", format: "csv",
            data: Data("b".utf8), report: "{}")
        #expect(!second.userCreated && second.userID == first.userID)
        #expect(second.weeksUpdated == [LocalDate(year: 2026, month: 3, day: 2)] && second.weeksCreated == [LocalDate(year: 2026, month: 3, day: 9)])
        let weeks = try await database.weeks(ofUser: first.userID)
        #expect(weeks.count == 2 && weeks.allSatisfy { $0.uploadID == second.uploadID })
        let replaced = try await database.week(id: weeks[0].id)
        #expect(replaced.series.heartRate[0] == 70)
    }
}
