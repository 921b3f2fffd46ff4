import Foundation
import GRDB
import Wearables

extension AppDatabase {
    /// Inserts a new user with their labels and weeks, all or nothing.
    ///
    /// Throws `StoreError.duplicateUser` when the external id exists already.
    @discardableResult
    public func insertUser(_ profile: UserProfile, weeks: [WeekSeries], uploadID: Int64? = nil) throws -> Int64 {
        try dbWriter.write { db in
            try Self.insertUser(profile, weeks: weeks, uploadID: uploadID, in: db)
        }
    }

    static func insertUser(
        _ profile: UserProfile, weeks: [WeekSeries], uploadID: Int64?, in db: Database
    ) throws -> Int64 {
        let exists = try UserRecord.filter(UserRecord.Columns.externalId == profile.externalID).fetchCount(db) > 0
        guard !exists else { throw StoreError.duplicateUser(externalID: profile.externalID) }
        var user = UserRecord(profile: profile)
        try user.insert(db)
        guard let userID = user.id else { throw StoreError.userNotFound(0) }
        for (name, value) in profile.labels.sorted(by: { $0.key < $1.key }) {
            try UserLabelRecord(userId: userID, name: name, value: value).insert(db)
        }
        for week in weeks {
            try insertWeek(week, userID: userID, uploadID: uploadID, in: db)
        }
        return userID
    }

    @discardableResult
    static func insertWeek(_ week: WeekSeries, userID: Int64, uploadID: Int64?, in db: Database) throws -> Int64 {
        let blob = try SeriesCodec.encode(channels: [week.heartRate, week.steps, week.observed])
        var record = WeekRecord(
            userId: userID, startLocal: week.start.description, utcOffsetSeconds: week.utcOffsetSeconds,
            binCount: week.heartRate.count, channels: WeekSeries.channelNames.joined(separator: ","),
            series: blob, coverage: week.coverage, lowCoverage: week.isLowCoverage, uploadId: uploadID)
        try record.insert(db)
        guard let weekID = record.id else { throw StoreError.corruptSeries(weekID: nil, reason: "the week row was not inserted") }
        for (name, mask) in week.contextMasks.sorted(by: { $0.key < $1.key }) {
            try WeekContextMaskRecord(weekId: weekID, name: name, mask: SeriesCodec.encode(mask: mask)).insert(db)
        }
        return weekID
    }

    /// Number of users in the database.
    public func userCount() throws -> Int {
        try dbWriter.read { db in try UserRecord.fetchCount(db) }
    }

    /// Users matching `filter`, ordered by id.
    public func users(matching filter: CohortFilter, page: PageRequest) async throws -> Page<StoredUser> {
        try await dbWriter.read { db in
            let condition = filter.sqlCondition(includeWeekConditions: false)
            let total = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM users u WHERE \(condition.sql)", arguments: condition.arguments) ?? 0
            let records = try UserRecord.fetchAll(
                db, sql: "SELECT u.* FROM users u WHERE \(condition.sql) ORDER BY u.id LIMIT ? OFFSET ?",
                arguments: condition.arguments + [page.limit, page.offset])
            return Page(items: try Self.complete(records, in: db), total: total, request: page)
        }
    }

    /// One user, or `StoreError.userNotFound`.
    public func user(id: Int64) async throws -> StoredUser {
        try await dbWriter.read { db in
            guard let record = try UserRecord.fetchOne(db, key: id) else { throw StoreError.userNotFound(id) }
            return try Self.complete([record], in: db)[0]
        }
    }

    /// Adds labels and week counts to user rows.
    static func complete(_ records: [UserRecord], in db: Database) throws -> [StoredUser] {
        let ids = records.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let labels = try UserLabelRecord.filter(ids.contains(UserLabelRecord.Columns.userId)).fetchAll(db)
        var labelsByUser: [Int64: [String: Double]] = [:]
        for label in labels { labelsByUser[label.userId, default: [:]][label.name] = label.value }
        let counts = try Row.fetchAll(
            db,
            sql: "SELECT user_id, COUNT(*) AS n FROM weeks WHERE user_id IN (\(ids.map { _ in "?" }.joined(separator: ","))) GROUP BY user_id",
            arguments: StatementArguments(ids))
        var weekCounts: [Int64: Int] = [:]
        for row in counts { weekCounts[row["user_id"]] = row["n"] }
        return records.map { record in
            let id = record.id ?? 0
            return StoredUser(record: record, labels: labelsByUser[id] ?? [:], weekCount: weekCounts[id] ?? 0)
        }
    }

    /// Weeks matching `filter` (label conditions on each week's own label where it has one, else its
    /// wearer's), ordered by id.
    public func weeks(matching filter: CohortFilter, page: PageRequest) async throws -> Page<StoredWeekSummary> {
        try await dbWriter.read { db in
            let condition = filter.sqlCondition(includeWeekConditions: true)
            let from = "FROM weeks w JOIN users u ON u.id = w.user_id WHERE \(condition.sql)"
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(from)", arguments: condition.arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "\(Self.weekSummaryColumns) \(from) ORDER BY w.id LIMIT ? OFFSET ?",
                arguments: condition.arguments + [page.limit, page.offset])
            return Page(items: try rows.map(Self.weekSummary), total: total, request: page)
        }
    }

    /// All weeks of one user, oldest first; `StoreError.userNotFound` when the user does not exist.
    public func weeks(ofUser userID: Int64) async throws -> [StoredWeekSummary] {
        try await dbWriter.read { db in
            guard try UserRecord.exists(db, key: userID) else { throw StoreError.userNotFound(userID) }
            let rows = try Row.fetchAll(
                db,
                sql: "\(Self.weekSummaryColumns) FROM weeks w JOIN users u ON u.id = w.user_id WHERE w.user_id = ? ORDER BY w.start_local",
                arguments: [userID])
            return try rows.map(Self.weekSummary)
        }
    }

    /// One week with its series and masks decoded, or `StoreError.weekNotFound`.
    public func week(id: Int64) async throws -> StoredWeek {
        try await dbWriter.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "\(Self.weekSummaryColumns), w.series FROM weeks w JOIN users u ON u.id = w.user_id WHERE w.id = ?",
                    arguments: [id])
            else { throw StoreError.weekNotFound(id) }
            let summary = try Self.weekSummary(row)
            let blob: Data = row["series"]
            do {
                let channels = try SeriesCodec.decode(
                    blob, channelCount: summary.channels.count, binCount: summary.binCount)
                var byName: [String: [Float]] = [:]
                for (name, values) in zip(summary.channels, channels) { byName[name] = values }
                let empty = [Float](repeating: 0, count: summary.binCount)
                var masks: [String: [Bool]] = [:]
                let maskRecords = try WeekContextMaskRecord.filter(WeekContextMaskRecord.Columns.weekId == id).fetchAll(db)
                for record in maskRecords {
                    masks[record.name] = try SeriesCodec.decodeMask(record.mask, binCount: summary.binCount)
                }
                let series = WeekSeries(
                    start: summary.start, utcOffsetSeconds: summary.utcOffsetSeconds,
                    heartRate: byName["heart_rate"] ?? empty, steps: byName["steps"] ?? empty,
                    observed: byName["observed"] ?? empty, contextMasks: masks)
                return StoredWeek(summary: summary, series: series)
            } catch StoreError.corruptSeries(_, let reason) {
                throw StoreError.corruptSeries(weekID: id, reason: reason)
            }
        }
    }

    static let weekSummaryColumns = """
        SELECT w.id, w.user_id, u.external_id, u.split, u.device_model, w.start_local, w.utc_offset_seconds,
               w.bin_count, w.channels, w.coverage, w.low_coverage, w.upload_id, w.created_at, w.updated_at,
               (SELECT group_concat(m.name) FROM (SELECT name FROM week_context_masks WHERE week_id = w.id ORDER BY name) m) AS mask_names,
               (SELECT json_group_object(l.name, l.value) FROM week_labels l WHERE l.week_id = w.id) AS week_labels
        """

    static func weekSummary(_ row: Row) throws -> StoredWeekSummary {
        let startText: String = row["start_local"]
        guard let start = LocalDate(iso: Substring(startText)) else {
            throw StoreError.corruptSeries(weekID: row["id"], reason: "start_local '\(startText)' is not a date")
        }
        let channels: String = row["channels"]
        let masks: String? = row["mask_names"]
        let labels: String? = row["week_labels"]
        return StoredWeekSummary(
            id: row["id"], userID: row["user_id"], userExternalID: row["external_id"], split: row["split"],
            deviceModel: row["device_model"], start: start, utcOffsetSeconds: row["utc_offset_seconds"],
            binCount: row["bin_count"], channels: channels.split(separator: ",").map(String.init),
            coverage: row["coverage"], lowCoverage: row["low_coverage"],
            contextMaskNames: masks.map { $0.split(separator: ",").map(String.init) } ?? [],
            labels: try labels.map(Self.decodeWeekLabels) ?? [:],
            uploadID: row["upload_id"], createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    /// The JSON object `json_group_object` builds of a week's labels.
    private static func decodeWeekLabels(_ json: String) throws -> [String: Double] {
        try JSONDecoder().decode([String: Double].self, from: Data(json.utf8))
    }
}

extension AppDatabase {
    /// Number of users, read without blocking the caller's thread.
    public func userCountAsync() async throws -> Int {
        try await dbWriter.read { db in try UserRecord.fetchCount(db) }
    }
}

extension AppDatabase {
    /// The names of the context masks that weeks of `split` carry, sorted.
    public func contextMaskNames(split: CohortSplit) async throws -> [String] {
        try await dbWriter.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT m.name FROM week_context_masks m JOIN weeks w ON w.id = m.week_id
                    JOIN users u ON u.id = w.user_id WHERE u.split = ? ORDER BY m.name
                    """,
                arguments: [split.rawValue])
        }
    }
}
