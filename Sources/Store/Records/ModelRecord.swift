import Foundation
import GRDB

/// A row of `models`: an imported ONNX model, its digest and its model card (JSON).
public struct ModelRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    public var name: String
    public var version: Int
    /// Lowercase hex SHA-256 of `onnx`.
    public var sha256: String
    public var onnx: Data
    /// The model card as JSON text.
    public var card: String
    public var createdAt: Date

    public init(
        id: Int64? = nil, name: String, version: Int, sha256: String, onnx: Data, card: String,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.onnx = onnx
        self.card = card
        self.createdAt = createdAt
    }
}

extension ModelRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "models"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
