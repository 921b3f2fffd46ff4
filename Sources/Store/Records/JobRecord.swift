import Foundation
import GRDB

/// A row of `jobs`: long work (ingest, evaluation, unit scan, training) with its state and progress.
public struct JobRecord: Codable, Hashable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case queued, running, succeeded, failed, cancelled
    }

    public var id: Int64?
    public var kind: String
    public var state: State
    public var progressDone: Int
    public var progressTotal: Int?
    /// Parameters as JSON text.
    public var parameters: String
    /// Result as JSON text, once succeeded.
    public var result: String?
    /// Why the job failed, once failed.
    public var error: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: Int64? = nil, kind: String, state: State = .queued, progressDone: Int = 0,
        progressTotal: Int? = nil, parameters: String = "{}", result: String? = nil, error: String? = nil,
        createdAt: Date = Date(), startedAt: Date? = nil, finishedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.state = state
        self.progressDone = progressDone
        self.progressTotal = progressTotal
        self.parameters = parameters
        self.result = result
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

extension JobRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "jobs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
