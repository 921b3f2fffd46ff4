import Foundation
import GRDB

/// A row of `api_tokens`: a bearer token's SHA-256 digest (never the token), its scope and state.
public struct APITokenRecord: Codable, Hashable, Sendable {
    public var id: Int64?
    /// Lowercase hex SHA-256 of the token text.
    public var tokenHash: String
    /// The token's first characters, enough to recognise it in a listing, too few to use it.
    public var prefix: String
    public var scope: TokenScope
    public var label: String?
    public var createdAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64? = nil, tokenHash: String, prefix: String, scope: TokenScope, label: String?,
        createdAt: Date = Date(), revokedAt: Date? = nil
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.scope = scope
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

extension APITokenRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "api_tokens"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let tokenHash = Column("token_hash")
        public static let scope = Column("scope")
        public static let revokedAt = Column("revoked_at")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
