import Foundation
import GRDB

/// A row of `evaluations`: a model run over one split for one label; metrics as JSON once computed.
public struct EvaluationRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    public var modelId: Int64
    public var split: String
    public var label: String
    public var jobId: Int64?
    public var metrics: String?
    /// `binary` or `regression`.
    public var taskKind: String?
    public var createdAt: Date

    public init(
        id: Int64? = nil, modelId: Int64, split: String, label: String, jobId: Int64? = nil,
        metrics: String? = nil, taskKind: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.modelId = modelId
        self.split = split
        self.label = label
        self.jobId = jobId
        self.metrics = metrics
        self.taskKind = taskKind
        self.createdAt = createdAt
    }
}

extension EvaluationRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "evaluations"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
