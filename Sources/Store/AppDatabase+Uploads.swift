import Foundation
import GRDB

extension AppDatabase {
    /// Records a received upload (before it is ingested: no report yet).
    public func createUpload(externalID: String, filename: String?, byteCount: Int64, sha256: String) async throws -> UploadRecord {
        try await dbWriter.write { db in
            var upload = UploadRecord(filename: filename, byteCount: byteCount, sha256: sha256, externalId: externalID)
            try upload.insert(db)
            return upload
        }
    }

    public func attachJob(_ jobID: Int64, toUpload uploadID: Int64) async throws {
        try await dbWriter.write { db in
            try db.execute(sql: "UPDATE uploads SET job_id = ? WHERE id = ?", arguments: [jobID, uploadID])
        }
    }

    /// One upload, or `StoreError.uploadNotFound`.
    public func upload(id: Int64) async throws -> UploadRecord {
        try await dbWriter.read { db in
            guard let upload = try UploadRecord.fetchOne(db, key: id) else { throw StoreError.uploadNotFound(id) }
            return upload
        }
    }

    /// The newest uploads first, optionally only those sent for one wearer.
    public func uploads(externalID: String?, limit: Int) async throws -> [UploadRecord] {
        try await dbWriter.read { db in
            var request = UploadRecord.all()
            if let externalID { request = request.filter(Column("external_id") == externalID) }
            return try request.order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }

    /// An earlier upload of the same bytes for the same wearer that was ingested to the end, if any.
    public func ingestedUpload(externalID: String, sha256: String) async throws -> UploadRecord? {
        try await dbWriter.read { db in
            try UploadRecord
                .filter(Column("external_id") == externalID && Column("sha256") == sha256 && Column("report") != nil)
                .order(Column("id")).fetchOne(db)
        }
    }
}
