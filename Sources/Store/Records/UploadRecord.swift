import Foundation
import GRDB

/// A row of `uploads`: one received export file and, once ingested, its report (JSON).
public struct UploadRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    public var jobId: Int64?
    public var userId: Int64?
    public var filename: String?
    public var format: String?
    public var byteCount: Int64
    /// Lowercase hex SHA-256 of the uploaded bytes.
    public var sha256: String
    public var report: String?
    public var createdAt: Date
    /// The wearer the upload was sent for.
    public var externalId: String?

    public init(
        id: Int64? = nil, jobId: Int64? = nil, userId: Int64? = nil, filename: String? = nil,
        format: String? = nil, byteCount: Int64, sha256: String, report: String? = nil,
        createdAt: Date = Date(), externalId: String? = nil
    ) {
        self.externalId = externalId
        self.id = id
        self.jobId = jobId
        self.userId = userId
        self.filename = filename
        self.format = format
        self.byteCount = byteCount
        self.sha256 = sha256
        self.report = report
        self.createdAt = createdAt
    }
}

extension UploadRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "uploads"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
