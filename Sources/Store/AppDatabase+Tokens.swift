import Foundation
import GRDB

extension AppDatabase {
    /// Creates a token with `scope` and returns it in plain text; it cannot be recovered later.
    public func createToken(scope: TokenScope, label: String? = nil) throws -> (token: String, record: APITokenRecord) {
        let token = TokenDigest.newToken()
        var record = APITokenRecord(
            tokenHash: TokenDigest.digest(of: token), prefix: String(token.prefix(TokenDigest.tokenPrefix.count + 6)),
            scope: scope, label: label)
        try dbWriter.write { db in try record.insert(db) }
        return (token, record)
    }

    /// The live (not revoked) token whose digest matches `token`, or nil.
    ///
    /// The lookup is by digest through a unique index, so the time taken does not depend on how much of
    /// a guessed token is right.
    public func authenticate(token: String) async throws -> APITokenRecord? {
        let digest = TokenDigest.digest(of: token)
        return try await dbWriter.read { db in
            try APITokenRecord
                .filter(APITokenRecord.Columns.tokenHash == digest)
                .filter(APITokenRecord.Columns.revokedAt == nil)
                .fetchOne(db)
        }
    }

    /// True when at least one live admin token exists.
    public func hasLiveAdminToken() throws -> Bool {
        try dbWriter.read { db in
            try APITokenRecord
                .filter(APITokenRecord.Columns.scope == TokenScope.admin.rawValue)
                .filter(APITokenRecord.Columns.revokedAt == nil)
                .fetchCount(db) > 0
        }
    }

    /// Every token, newest first (digests and prefixes only).
    public func tokens() throws -> [APITokenRecord] {
        try dbWriter.read { db in try APITokenRecord.order(Column("id").desc).fetchAll(db) }
    }

    /// Revokes the token with `id`; returns false when there is no such live token.
    @discardableResult
    public func revokeToken(id: Int64) throws -> Bool {
        try dbWriter.write { db in
            guard var record = try APITokenRecord.fetchOne(db, key: id), record.revokedAt == nil else { return false }
            record.revokedAt = Date()
            try record.update(db)
            return true
        }
    }
}
