import Foundation
import Testing
import Wearables

@testable import Store

struct IngestStoreTests {
    /// A week whose bins `bins` hold `heartRate` (observed) and the rest nothing.
    func week(_ day: Int, heartRate: Float, bins: Range<Int> = 0..<WeekGrid.binCount, asleep: [Int] = []) -> WeekSeries {
        var hr = [Float](repeating: 0, count: WeekGrid.binCount)
        var observed = hr
        for bin in bins {
            hr[bin] = heartRate
            observed[bin] = 1
        }
        var mask = [Bool](repeating: false, count: WeekGrid.binCount)
        for bin in asleep { mask[bin] = true }
        return WeekSeries(
            start: LocalDate(year: 2026, month: 3, day: day), utcOffsetSeconds: 3600, heartRate: hr,
            steps: [Float](repeating: 0, count: WeekGrid.binCount), observed: observed, contextMasks: asleep.isEmpty ? [:] : ["asleep": mask])
    }

    func store(_ database: AppDatabase, _ weeks: [WeekSeries], sha: String, exported: ExportedProfile = ExportedProfile(source: .csv)) async throws -> StoredIngest {
        let upload = try await database.createUpload(externalID: "wearer", filename: "\(sha).csv", byteCount: 10, sha256: sha)
        return try await database.storeIngest(
            uploadID: upload.id!, externalID: "wearer", exported: exported, stated: UserMetadataUpdate(), weeks: weeks, format: "csv"
        ) { _ in "{}" }
    }

    @Test func aLaterUploadMergesIntoTheWeeksItCoversKeepingTheirIdsAndTheSameUploadChangesNothing() async throws {
        let database = try AppDatabase.inMemory()
        let first = try await store(database, [week(2, heartRate: 60, bins: 0..<100, asleep: [5])], sha: "a")
        #expect(first.userCreated && first.weeksCreated == [LocalDate(year: 2026, month: 3, day: 2)])
        let second = try await store(database, [week(2, heartRate: 70, bins: 50..<150, asleep: [120]), week(9, heartRate: 65)], sha: "b")
        #expect(!second.userCreated && second.userID == first.userID)
        #expect(second.weeksUpdated == [LocalDate(year: 2026, month: 3, day: 2)] && second.weeksCreated == [LocalDate(year: 2026, month: 3, day: 9)])
        #expect(second.weeks[0].weekID == first.weeks[0].weekID, "a merged week keeps its id")
        let merged = try await database.week(id: first.weeks[0].weekID)
        #expect(merged.series.heartRate[10] == 60 && merged.series.heartRate[60] == 70 && merged.series.heartRate[140] == 70)
        #expect(merged.series.observed.reduce(0, +) == 150 && abs(merged.summary.coverage - 150.0 / 4096) < 1e-9)
        #expect(merged.series.contextMasks["asleep"].map { mask in mask.indices.filter { mask[$0] } } == [5, 120])
        #expect(merged.summary.uploadID == second.uploadID)
        let again = try await store(database, [week(2, heartRate: 70, bins: 50..<150, asleep: [120]), week(9, heartRate: 65)], sha: "c")
        #expect(again.weeksUnchanged.count == 2 && again.weeksCreated.isEmpty && again.weeksUpdated.isEmpty)
        let uploads = try await database.uploads(externalID: "wearer", limit: 10)
        #expect(uploads.count == 3 && uploads.allSatisfy { $0.report == "{}" && $0.userId == first.userID })
        #expect(try await database.ingestedUpload(externalID: "wearer", sha256: "b")?.id == second.uploadID)
        #expect(try await database.ingestedUpload(externalID: "someone else", sha256: "b") == nil)
    }

    @Test func anExportFillsOnlyWhatIsUnknownAboutAnExistingWearerAndStatedMetadataReplaces() async throws {
        let database = try AppDatabase.inMemory()
        let watch = DeviceModel.appleWatch(hardware: "Watch1,1")
        _ = try await store(database, [week(2, heartRate: 60)], sha: "a", exported: ExportedProfile(sex: .female, source: .csv))
        _ = try await store(
            database, [week(9, heartRate: 60)], sha: "b", exported: ExportedProfile(birthYear: 1970, sex: .male, device: watch, source: .appleHealth))
        var user = try await database.user(externalID: "wearer")
        #expect(user.record.birthYear == 1970 && user.record.sex == "female")
        #expect(user.record.deviceModel == "Watch1,1" && user.record.deviceGeneration == 1 && user.record.source == "apple_health")
        let refused = try await database.applyLabels([
            LabelAssignment(externalID: "wearer", labels: ["sleep_apnea": 1], metadata: UserMetadataUpdate(sex: .male)),
            LabelAssignment(externalID: "wearer", weekStart: LocalDate(year: 2026, month: 3, day: 9), labels: ["sleep_apnea": 0]),
            LabelAssignment(externalID: "wearer", weekStart: LocalDate(year: 2026, month: 3, day: 16), labels: ["sleep_apnea": 0]),
            LabelAssignment(externalID: "nobody", labels: ["sleep_apnea": 1]),
        ])
        #expect(refused.map(\.index) == [2, 3])
        #expect(refused.map(\.refusal) == [.unknownWeek("wearer", LocalDate(year: 2026, month: 3, day: 16)), .unknownUser("nobody")])
        user = try await database.user(externalID: "wearer")
        #expect(user.record.sex == "male" && user.labels == ["sleep_apnea": 1])
        let split = CohortSplit(rawValue: user.record.split)!
        let labelled = try await database.labelledWeeks(split: split, label: "sleep_apnea")
        #expect(labelled.map(\.label) == [1, 0], "the week-level label overrides the wearer's for its week")
        let summaries = try await database.labelSummaries()
        #expect(summaries == [LabelSummary(name: "sleep_apnea", users: 1, isBinary: true)])
    }

    @Test func anIngestMarksItsJobSucceededInItsOwnTransactionAndStoresNothingOnceTheJobHasEnded() async throws {
        let database = try AppDatabase.inMemory()
        let upload = try await database.createUpload(externalID: "wearer", filename: nil, byteCount: 10, sha256: "a")
        let job = try await database.startJob(kind: "ingest", parameters: "{}", progressTotal: 10)
        _ = try await database.storeIngest(
            uploadID: upload.id!, externalID: "wearer", exported: ExportedProfile(source: .csv), stated: UserMetadataUpdate(),
            weeks: [week(2, heartRate: 60)], format: "csv", completingJob: job.id!
        ) { _ in #"{"stored": true}"# }
        let finished = try await database.job(id: job.id!)
        #expect(finished.state == .succeeded && finished.result == #"{"stored": true}"# && finished.progressDone == 10)
        #expect(try await database.finishJob(id: job.id!, result: "{}") == false, "a finished job keeps its result")

        let late = try await database.createUpload(externalID: "late wearer", filename: nil, byteCount: 10, sha256: "b")
        let stopped = try await database.startJob(kind: "ingest", parameters: "{}", progressTotal: 10)
        #expect(try await database.failJob(id: stopped.id!, error: "stopped") == true)
        await #expect(throws: StoreError.jobNotRunning(stopped.id!)) {
            _ = try await database.storeIngest(
                uploadID: late.id!, externalID: "late wearer", exported: ExportedProfile(source: .csv), stated: UserMetadataUpdate(),
                weeks: [week(9, heartRate: 60)], format: "csv", completingJob: stopped.id!
            ) { _ in "{}" }
        }
        #expect(try database.userCount() == 1, "the late ingest created no user")
        #expect(try await database.upload(id: late.id!).report == nil)
        #expect(try await database.job(id: stopped.id!).error == "stopped")
        #expect(try await database.failJob(id: stopped.id!, error: "again") == false, "an ended job keeps its reason")
    }
}
