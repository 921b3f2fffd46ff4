import Foundation
import GRDB

extension AppDatabase {
    /// What `insertModel` did with an existing model of the same name and version.
    public enum ModelConflictPolicy: Sendable {
        /// Delete it (and, by cascade, its evaluations) and insert the new one.
        case replace
        /// Keep it and insert nothing.
        case skip
        /// Throw `StoreError`.
        case fail
    }

    /// Stores an ONNX model and its card in one transaction; the digest is computed here.
    ///
    /// Returns the stored record (the existing one when `onConflict` is `.skip` and one exists).
    @discardableResult
    public func insertModel(
        name: String, version: Int = 1, onnx: Data, card: String, onConflict: ModelConflictPolicy = .fail
    ) throws -> (record: ModelRecord, inserted: Bool) {
        try dbWriter.write { db in
            try Self.insertModel(name: name, version: version, onnx: onnx, card: card, onConflict: onConflict, in: db)
        }
    }

    static func insertModel(
        name: String, version: Int, onnx: Data, card: String, onConflict: ModelConflictPolicy, in db: Database
    ) throws -> (record: ModelRecord, inserted: Bool) {
        if let existing = try ModelRecord.filter(Column("name") == name && Column("version") == version).fetchOne(db) {
            switch onConflict {
            case .skip: return (existing, false)
            case .fail: throw StoreError.duplicateModel(name: name, version: version, existingID: existing.id ?? 0)
            case .replace: _ = try existing.delete(db)
            }
        }
        var record = ModelRecord(name: name, version: version, sha256: TokenDigest.sha256Hex(onnx), onnx: onnx, card: card)
        try record.insert(db)
        return (record, true)
    }

    /// The model of that name and version, or nil.
    public func model(named name: String, version: Int = 1) throws -> ModelRecord? {
        try dbWriter.read { db in
            try ModelRecord.filter(Column("name") == name && Column("version") == version).fetchOne(db)
        }
    }

    /// Every stored model, by id.
    public func models() throws -> [ModelRecord] {
        try dbWriter.read { db in try ModelRecord.order(Column("id")).fetchAll(db) }
    }
}

/// A stored model without its ONNX bytes: what listings return.
public struct StoredModelSummary: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var version: Int
    public var sha256: String
    public var byteCount: Int
    /// The model card as JSON text.
    public var card: String
    public var createdAt: Date

    public init(id: Int64, name: String, version: Int, sha256: String, byteCount: Int, card: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.byteCount = byteCount
        self.card = card
        self.createdAt = createdAt
    }
}

extension AppDatabase {
    /// Stores a model like `insertModel(name:version:onnx:card:onConflict:)`, off the caller's thread.
    public func insertModelAsync(
        name: String, version: Int, onnx: Data, card: String, onConflict: ModelConflictPolicy = .fail
    ) async throws -> ModelRecord {
        try await dbWriter.write { db in
            try Self.insertModel(name: name, version: version, onnx: onnx, card: card, onConflict: onConflict, in: db).record
        }
    }

    /// One model with its bytes, or `StoreError.modelNotFound`.
    public func model(id: Int64) async throws -> ModelRecord {
        try await dbWriter.read { db in
            guard let record = try ModelRecord.fetchOne(db, key: id) else { throw StoreError.modelNotFound(id) }
            return record
        }
    }

    /// Every model without its bytes, by id.
    public func modelSummaries() async throws -> [StoredModelSummary] {
        try await dbWriter.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, version, sha256, length(onnx) AS byte_count, card, created_at FROM models ORDER BY id"
            ).map { row in
                StoredModelSummary(
                    id: row["id"], name: row["name"], version: row["version"], sha256: row["sha256"],
                    byteCount: row["byte_count"], card: row["card"], createdAt: row["created_at"])
            }
        }
    }

    /// The next free version number for `name` (1 when no model has that name).
    public func nextModelVersion(name: String) async throws -> Int {
        try await dbWriter.read { db in
            (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM models WHERE name = ?", arguments: [name]) ?? 0) + 1
        }
    }

    /// Deletes a model and, by cascade, its evaluations and their predictions; `StoreError.modelNotFound`
    /// when there is none.
    public func deleteModel(id: Int64) async throws {
        try await dbWriter.write { db in
            guard try ModelRecord.deleteOne(db, key: id) else { throw StoreError.modelNotFound(id) }
        }
    }
}
