import Foundation
import GRDB
import Wearables

/// What storing an upload's weeks did.
public struct StoredIngest: Sendable, Equatable {
    public var uploadID: Int64
    public var userID: Int64
    public var userCreated: Bool
    public var weeksCreated: [LocalDate]
    public var weeksUpdated: [LocalDate]
}

extension AppDatabase {
    /// Stores an upload and the weeks made from it, all in one transaction: the wearer is created from
    /// `profile` when their external id is new (an existing user keeps their metadata), and a week that
    /// exists already is replaced by the upload's (the newer export holds the whole week).
    public func storeIngest(
        profile: UserProfile, weeks: [WeekSeries], filename: String?, format: String, data: Data, report: String
    ) async throws -> StoredIngest {
        try await dbWriter.write { db in
            var upload = UploadRecord(
                filename: filename, format: format, byteCount: Int64(data.count), sha256: TokenDigest.sha256Hex(data), report: report)
            try upload.insert(db)
            let uploadID = upload.id!
            let existing = try UserRecord.filter(UserRecord.Columns.externalId == profile.externalID).fetchOne(db)
            let userID = try existing?.id ?? Self.insertUser(profile, weeks: [], uploadID: uploadID, in: db)
            try db.execute(sql: "UPDATE uploads SET user_id = ? WHERE id = ?", arguments: [userID, uploadID])
            var created: [LocalDate] = []
            var updated: [LocalDate] = []
            for week in weeks {
                let replaced = try WeekRecord
                    .filter(Column("user_id") == userID && Column("start_local") == week.start.description)
                    .deleteAll(db)
                try Self.insertWeek(week, userID: userID, uploadID: uploadID, in: db)
                if replaced > 0 { updated.append(week.start) } else { created.append(week.start) }
            }
            return StoredIngest(
                uploadID: uploadID, userID: userID, userCreated: existing == nil, weeksCreated: created, weeksUpdated: updated)
        }
    }
}
