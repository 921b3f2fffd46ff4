import Foundation
import GRDB
import Wearables

/// What an export says about its wearer: used for a new user, and for an existing user's fields that
/// are still unknown (an export never overwrites what is known).
public struct ExportedProfile: Sendable, Equatable {
    public var birthYear: Int?
    public var sex: Sex?
    public var device: DeviceModel?
    public var source: DataSource

    public init(birthYear: Int? = nil, sex: Sex? = nil, device: DeviceModel? = nil, source: DataSource) {
        self.birthYear = birthYear
        self.sex = sex
        self.device = device
        self.source = source
    }
}

/// What happened to one week of an upload.
public struct StoredWeekChange: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        case created, updated, unchanged
    }

    public var weekID: Int64
    public var start: LocalDate
    public var state: State
    /// Coverage of the stored week after the merge.
    public var coverage: Double
    public var lowCoverage: Bool
}

/// What storing an upload's weeks did.
public struct StoredIngest: Sendable, Equatable {
    public var uploadID: Int64
    public var userID: Int64
    public var userCreated: Bool
    public var weeks: [StoredWeekChange]

    public var weeksCreated: [LocalDate] { weeks.filter { $0.state == .created }.map(\.start) }
    public var weeksUpdated: [LocalDate] { weeks.filter { $0.state == .updated }.map(\.start) }
    public var weeksUnchanged: [LocalDate] { weeks.filter { $0.state == .unchanged }.map(\.start) }
}

extension AppDatabase {
    /// Stores the weeks made from a recorded upload, all in one transaction: the wearer is created when
    /// their external id is new (from `exported`, then `stated` on top), an existing wearer gets
    /// `stated` and the exported fields they lack; each week is merged into the stored week of the same
    /// start (`WeekSeries.merging`: the upload's bins win where it has data), so the same export twice
    /// changes nothing. `report` turns the outcome into the JSON report kept with the upload.
    ///
    /// With `jobID`, the ingest job is marked succeeded (with the report as its result) in the same
    /// transaction, and nothing is stored unless that job is still running (`StoreError.jobNotRunning`):
    /// an ingest whose job was stopped, or failed by a server shutdown, never leaves rows behind.
    public func storeIngest(
        uploadID: Int64, externalID: String, exported: ExportedProfile, stated: UserMetadataUpdate, weeks: [WeekSeries],
        format: String, completingJob jobID: Int64? = nil, report: @escaping @Sendable (StoredIngest) throws -> String
    ) async throws -> StoredIngest {
        try await dbWriter.write { db in
            guard try UploadRecord.exists(db, key: uploadID) else { throw StoreError.uploadNotFound(uploadID) }
            if let jobID, try JobRecord.filter(key: jobID).filter(Column("state") == "running").isEmpty(db) {
                throw StoreError.jobNotRunning(jobID)
            }
            let (userID, created) = try Self.upsertUser(externalID: externalID, exported: exported, stated: stated, in: db)
            var changes: [StoredWeekChange] = []
            for week in weeks {
                changes.append(try Self.mergeWeek(week, userID: userID, uploadID: uploadID, in: db))
            }
            let outcome = StoredIngest(uploadID: uploadID, userID: userID, userCreated: created, weeks: changes)
            let reportText = try report(outcome)
            try db.execute(
                sql: "UPDATE uploads SET user_id = ?, format = ?, report = ? WHERE id = ?",
                arguments: [userID, format, reportText, uploadID])
            if let jobID, try !Self.finishRunningJob(id: jobID, result: reportText, in: db) {
                throw StoreError.jobNotRunning(jobID)
            }
            return outcome
        }
    }

    /// The user with `externalID`, created from `exported` and `stated` when new; an existing user
    /// gets `stated` and the exported fields still unknown.
    static func upsertUser(
        externalID: String, exported: ExportedProfile, stated: UserMetadataUpdate, in db: Database
    ) throws -> (id: Int64, created: Bool) {
        if var existing = try UserRecord.filter(UserRecord.Columns.externalId == externalID).fetchOne(db) {
            if existing.birthYear == nil, let year = exported.birthYear { existing.birthYear = year }
            if existing.sex == Sex.unknown.rawValue, let sex = exported.sex { existing.sex = sex.rawValue }
            if existing.deviceFamily == DeviceModel.Family.unknown.rawValue, let device = exported.device {
                existing.setDevice(device)
                existing.source = exported.source.rawValue
            }
            stated.apply(to: &existing)
            try existing.update(db)
            return (existing.id!, false)
        }
        let profile = UserProfile(
            externalID: externalID, birthYear: exported.birthYear, sex: exported.sex ?? .unknown,
            device: exported.device ?? DeviceModel(family: .unknown, identifier: exported.source.rawValue, name: exported.source.rawValue, generation: nil),
            source: exported.source, labels: [:])
        var record = UserRecord(profile: profile)
        stated.apply(to: &record)
        try record.insert(db)
        return (record.id!, true)
    }

    /// Inserts `week`, or merges it into the stored week with the same start (keeping that week's id,
    /// so its labels and predictions stay attached).
    static func mergeWeek(_ week: WeekSeries, userID: Int64, uploadID: Int64, in db: Database) throws -> StoredWeekChange {
        guard
            let existing = try WeekRecord
                .filter(Column("user_id") == userID && Column("start_local") == week.start.description).fetchOne(db),
            let weekID = existing.id
        else {
            let weekID = try insertWeek(week, userID: userID, uploadID: uploadID, in: db)
            return StoredWeekChange(weekID: weekID, start: week.start, state: .created, coverage: week.coverage, lowCoverage: week.isLowCoverage)
        }
        let stored = try storedSeries(existing, in: db)
        let merged = stored.merging(week)
        guard merged != stored else {
            return StoredWeekChange(weekID: weekID, start: week.start, state: .unchanged, coverage: stored.coverage, lowCoverage: stored.isLowCoverage)
        }
        try db.execute(
            sql: """
                UPDATE weeks SET channels = ?, series = ?, coverage = ?, low_coverage = ?, upload_id = ?, updated_at = ?,
                bin_count = ? WHERE id = ?
                """,
            arguments: [
                WeekSeries.channelNames.joined(separator: ","),
                try SeriesCodec.encode(channels: [merged.heartRate, merged.steps, merged.observed]), merged.coverage,
                merged.isLowCoverage, uploadID, Date(), merged.heartRate.count, weekID,
            ])
        try WeekContextMaskRecord.filter(WeekContextMaskRecord.Columns.weekId == weekID).deleteAll(db)
        for (name, mask) in merged.contextMasks.sorted(by: { $0.key < $1.key }) {
            try WeekContextMaskRecord(weekId: weekID, name: name, mask: SeriesCodec.encode(mask: mask)).insert(db)
        }
        return StoredWeekChange(weekID: weekID, start: week.start, state: .updated, coverage: merged.coverage, lowCoverage: merged.isLowCoverage)
    }

    /// The series and masks of a stored week row.
    static func storedSeries(_ record: WeekRecord, in db: Database) throws -> WeekSeries {
        guard let start = LocalDate(iso: Substring(record.startLocal)) else {
            throw StoreError.corruptSeries(weekID: record.id, reason: "start_local '\(record.startLocal)' is not a date")
        }
        let names = record.channels.split(separator: ",").map(String.init)
        let channels = try SeriesCodec.decode(record.series, channelCount: names.count, binCount: record.binCount)
        let byName = Dictionary(uniqueKeysWithValues: zip(names, channels))
        let empty = [Float](repeating: 0, count: record.binCount)
        var masks: [String: [Bool]] = [:]
        for mask in try WeekContextMaskRecord.filter(WeekContextMaskRecord.Columns.weekId == record.id).fetchAll(db) {
            masks[mask.name] = try SeriesCodec.decodeMask(mask.mask, binCount: record.binCount)
        }
        return WeekSeries(
            start: start, utcOffsetSeconds: record.utcOffsetSeconds, heartRate: byName["heart_rate"] ?? empty,
            steps: byName["steps"] ?? empty, observed: byName["observed"] ?? empty, contextMasks: masks)
    }
}
