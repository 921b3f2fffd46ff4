import Foundation
import GRDB
import Wearables

/// One row of labels and metadata to apply to a user, or to one of their weeks.
public struct LabelAssignment: Sendable, Equatable {
    public var externalID: String
    /// The Monday of the week the labels hold for; nil for labels of the user.
    public var weekStart: LocalDate?
    public var labels: [String: Double]
    public var metadata: UserMetadataUpdate

    public init(externalID: String, weekStart: LocalDate? = nil, labels: [String: Double], metadata: UserMetadataUpdate = UserMetadataUpdate()) {
        self.externalID = externalID
        self.weekStart = weekStart
        self.labels = labels
        self.metadata = metadata
    }
}

/// Why a label row was not applied.
public enum LabelAssignmentRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownUser(String)
    case unknownWeek(String, LocalDate)
    case metadataOnWeekRow

    public var description: String {
        switch self {
        case .unknownUser(let id): "no user with external id '\(id)'"
        case .unknownWeek(let id, let start): "user '\(id)' has no week starting \(start)"
        case .metadataOnWeekRow: "metadata (birth_year, sex, device) belongs to the user; give it on a row without week_start"
        }
    }
}

extension AppDatabase {
    /// Applies every assignment in one transaction. A row that names an unknown user or week is refused
    /// (returned with its index and reason) and the others are applied; `createUsers` creates unknown
    /// users of user-level rows instead (`PUT /users/{external_id}`).
    public func applyLabels(_ assignments: [LabelAssignment], createUsers: Bool = false) async throws -> [(index: Int, refusal: LabelAssignmentRefusal)] {
        try await dbWriter.write { db in
            var refused: [(Int, LabelAssignmentRefusal)] = []
            for (index, assignment) in assignments.enumerated() {
                var user = try UserRecord.filter(UserRecord.Columns.externalId == assignment.externalID).fetchOne(db)
                if user == nil, createUsers, assignment.weekStart == nil {
                    let (id, _) = try Self.upsertUser(
                        externalID: assignment.externalID, exported: ExportedProfile(source: .csv), stated: assignment.metadata, in: db)
                    user = try UserRecord.fetchOne(db, key: id)
                }
                guard var user, let userID = user.id else {
                    refused.append((index, .unknownUser(assignment.externalID)))
                    continue
                }
                if let start = assignment.weekStart {
                    guard assignment.metadata.isEmpty else {
                        refused.append((index, .metadataOnWeekRow))
                        continue
                    }
                    guard let weekID = try Int64.fetchOne(
                        db, sql: "SELECT id FROM weeks WHERE user_id = ? AND start_local = ?", arguments: [userID, start.description])
                    else {
                        refused.append((index, .unknownWeek(assignment.externalID, start)))
                        continue
                    }
                    try Self.setWeekLabels(assignment.labels, weekID: weekID, in: db)
                } else {
                    assignment.metadata.apply(to: &user)
                    try user.update(db)
                    for (name, value) in assignment.labels {
                        try UserLabelRecord(userId: userID, name: name, value: value).save(db)
                    }
                }
            }
            return refused
        }
    }
}

extension AppDatabase {
    /// The user with this external id, or `StoreError.externalUserNotFound`.
    public func user(externalID: String) async throws -> StoredUser {
        try await dbWriter.read { db in
            guard let record = try UserRecord.filter(UserRecord.Columns.externalId == externalID).fetchOne(db) else {
                throw StoreError.externalUserNotFound(externalID)
            }
            return try Self.complete([record], in: db)[0]
        }
    }
}

extension AppDatabase {
    /// Inserts or replaces labels of one week, in name order.
    static func setWeekLabels(_ labels: [String: Double], weekID: Int64, in db: Database) throws {
        for (name, value) in labels.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT OR REPLACE INTO week_labels (week_id, name, value) VALUES (?, ?, ?)", arguments: [weekID, name, value])
        }
    }
}
