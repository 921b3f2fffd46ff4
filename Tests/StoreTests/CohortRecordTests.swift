import Foundation
import GRDB
import Testing
import Wearables

@testable import Store

struct CohortRecordTests {
    func profile(_ id: String, device: DeviceModel = .appleWatch(hardware: "Watch1,1"), labels: [String: Double] = [:])
        -> UserProfile
    {
        UserProfile(externalID: id, birthYear: 1970, sex: .female, device: device, source: .appleHealth, labels: labels)
    }

    func week(start: LocalDate, seed: Float) -> WeekSeries {
        let observed: [Float] = (0..<4096).map { $0 % 4 == 0 ? 0 : 1 }
        return WeekSeries(
            start: start, utcOffsetSeconds: 3600,
            heartRate: (0..<4096).map { observed[$0] > 0 ? 60 + seed + Float($0 % 50) / 7 : 0 },
            steps: (0..<4096).map { Float(($0 * 13) % 90) },
            observed: observed,
            contextMasks: ["asleep": (0..<4096).map { $0 % 585 < 180 }, "workout": (0..<4096).map { $0 == 2000 }])
    }

    @Test func userWithLabelsAndWeeksRoundTrips() async throws {
        let database = try AppDatabase.inMemory()
        let monday = LocalDate(year: 2026, month: 3, day: 2)
        let weeks = [week(start: monday, seed: 1), week(start: monday.adding(days: 7), seed: 2)]
        let id = try database.insertUser(profile("p-1", labels: ["sleep_apnea": 1, "systolic_bp": 131.5]), weeks: weeks)

        let user = try await database.user(id: id)
        #expect(user.record.externalId == "p-1")
        #expect(user.record.deviceGeneration == 1)
        #expect(user.record.split == CohortSplit(externalID: "p-1").rawValue)
        #expect(user.labels == ["sleep_apnea": 1, "systolic_bp": 131.5])
        #expect(user.weekCount == 2)

        let summaries = try await database.weeks(ofUser: id)
        #expect(summaries.map(\.start) == [monday, monday.adding(days: 7)])
        #expect(summaries[0].contextMaskNames == ["asleep", "workout"])
        #expect(summaries.allSatisfy { $0.labels.isEmpty }, "an imported week has no labels of its own")
        #expect(summaries[0].coverage == 0.75)
        #expect(!summaries[0].lowCoverage)

        let stored = try await database.week(id: summaries[1].id)
        #expect(stored.series == weeks[1])
    }

    @Test func duplicateExternalIDIsRefusedAndLeavesNothingBehind() async throws {
        let database = try AppDatabase.inMemory()
        let monday = LocalDate(year: 2026, month: 3, day: 2)
        try database.insertUser(profile("p-1"), weeks: [week(start: monday, seed: 0)])
        #expect(throws: StoreError.duplicateUser(externalID: "p-1")) {
            try database.insertUser(profile("p-1"), weeks: [week(start: monday.adding(days: 7), seed: 0)])
        }
        let weekCount = try await database.weeks(matching: CohortFilter(), page: PageRequest()).total
        #expect(weekCount == 1)
    }

    /// Two weeks with the same start violate UNIQUE(user_id, start_local); the user row must roll back too.
    @Test func aFailedInsertRollsBackTheWholeUser() throws {
        let database = try AppDatabase.inMemory()
        let monday = LocalDate(year: 2026, month: 3, day: 2)
        #expect(throws: DatabaseError.self) {
            try database.insertUser(profile("p-2"), weeks: [week(start: monday, seed: 0), week(start: monday, seed: 1)])
        }
        #expect(try database.userCount() == 0)
    }

    @Test func unknownIDsThrowNotFound() async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: StoreError.userNotFound(42)) { try await database.user(id: 42) }
        await #expect(throws: StoreError.weekNotFound(7)) { try await database.week(id: 7) }
        await #expect(throws: StoreError.userNotFound(3)) { try await database.weeks(ofUser: 3) }
    }

    @Test func aCorruptSeriesBlobIsReportedWithItsWeek() async throws {
        let database = try AppDatabase.inMemory()
        let id = try database.insertUser(profile("p-3"), weeks: [week(start: LocalDate(year: 2026, month: 3, day: 2), seed: 0)])
        let weekID = try #require(try await database.weeks(ofUser: id).first?.id)
        try await database.dbWriter.write { db in
            try db.execute(sql: "UPDATE weeks SET series = x'00112233' WHERE id = ?", arguments: [weekID])
        }
        await #expect(throws: StoreError.self) { try await database.week(id: weekID) }
    }

    @Test func jobModelEvaluationPredictionAndUploadRecordsRoundTrip() throws {
        let database = try AppDatabase.inMemory()
        let userID = try database.insertUser(profile("p-4"), weeks: [week(start: LocalDate(year: 2026, month: 3, day: 2), seed: 0)])
        try database.dbWriter.write { db in
            // Milliseconds: GRDB stores dates to the millisecond.
            let created = Date(timeIntervalSince1970: 1_780_000_000.125)
            var job = JobRecord(
                kind: "evaluation", state: .running, progressDone: 3, progressTotal: 10, parameters: #"{"split":"test"}"#,
                createdAt: created, startedAt: created.addingTimeInterval(2))
            try job.insert(db)
            var model = ModelRecord(name: "m", version: 1, sha256: "ab", onnx: Data([1, 2, 3]), card: #"{"task":"binary"}"#)
            try model.insert(db)
            var evaluation = EvaluationRecord(modelId: try #require(model.id), split: "test", label: "sleep_apnea", jobId: job.id)
            try evaluation.insert(db)
            let weekID = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM weeks"))
            let prediction = PredictionRecord(evaluationId: try #require(evaluation.id), weekId: weekID, prediction: 0.25, label: nil)
            try prediction.insert(db)
            var upload = UploadRecord(jobId: job.id, userId: userID, filename: "export.zip", format: "apple_health", byteCount: 2048, sha256: "cd")
            try upload.insert(db)

            #expect(try JobRecord.fetchOne(db, key: job.id) == job)
            #expect(try ModelRecord.fetchOne(db, key: model.id)?.onnx == Data([1, 2, 3]))
            #expect(try EvaluationRecord.fetchOne(db, key: evaluation.id)?.label == "sleep_apnea")
            #expect(try PredictionRecord.fetchAll(db) == [prediction])
            #expect(try UploadRecord.fetchOne(db, key: upload.id)?.byteCount == 2048)
        }
    }

    /// The demo cohort stores each week's own labels (`illness`) with the week, as the simulator drew them.
    @Test func demoCohortWeeksCarryTheirWeekLabels() async throws {
        let database = try AppDatabase.inMemory()
        let simulator = CohortSimulator(seed: 3, userCount: 12, weeksPerUser: 2)
        #expect(try database.seedDemoCohortIfEmpty(simulator) == 12)
        var stored: [[String: Double]] = []
        for id in Int64(1)...12 { stored += try await database.weeks(ofUser: id).map(\.labels) }
        let drawn = simulator.users.flatMap { simulator.simulatedWeeks(of: $0).map(\.labels) }
        #expect(stored == drawn)
        #expect(Set(stored.compactMap { $0["illness"] }) == [0, 1], "12 users × 2 weeks hold both kinds of week")
    }
}
