import Foundation
import Store
import Synchronization

/// Looks bearer tokens up by digest, remembering live ones for `lifetime`, so that a request answered
/// from caches does not also read the database (on two cores that read was about half the work of a
/// cached activation request).
///
/// A token revoked through the API is forgotten at once; one revoked by another process (`auscult
/// token revoke`) stops working within `lifetime`. Unknown tokens are never remembered, so guessing
/// cannot fill the memory.
final class TokenAuthenticator: Sendable {
    private struct Entry: Sendable {
        var record: APITokenRecord
        var until: ContinuousClock.Instant
    }

    private let database: AppDatabase
    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(database: AppDatabase, lifetime: Duration = .seconds(1), capacity: Int = 4096) {
        self.database = database
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The live token with this text, or nil.
    func authenticate(token: String) async throws -> APITokenRecord? {
        let digest = TokenDigest.digest(of: token)
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[digest] }), entry.until > now {
            return entry.record
        }
        guard let record = try await database.authenticate(token: token) else {
            entries.withLock { _ = $0.removeValue(forKey: digest) }
            return nil
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = Entry(record: record, until: now + lifetime)
        }
        return record
    }

    /// Forgets every remembered token (after a revocation).
    func forgetAll() {
        entries.withLock { $0.removeAll() }
    }
}
