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
            let existing = try ModelRecord
                .filter(Column("name") == name && Column("version") == version)
                .fetchOne(db)
            if let existing {
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
