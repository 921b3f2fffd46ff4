import Foundation
import GRDB
import Testing

@testable import Store

struct TokenTests {
    @Test func createdTokenAuthenticatesWithItsScope() async throws {
        let database = try AppDatabase.inMemory()
        let (token, record) = try database.createToken(scope: .upload, label: "ci")
        #expect(token.hasPrefix("ausc_"))
        let found = try await database.authenticate(token: token)
        #expect(found?.id == record.id)
        #expect(found?.scope == .upload)
        #expect(try await database.authenticate(token: token + "x") == nil)
    }

    @Test func onlyTheDigestIsStored() throws {
        let database = try AppDatabase.inMemory()
        let (token, _) = try database.createToken(scope: .admin)
        let stored = try database.dbWriter.read { db in try String.fetchOne(db, sql: "SELECT token_hash FROM api_tokens") }
        #expect(stored == TokenDigest.digest(of: token))
        #expect(stored?.count == 64)
        let dump = try database.dbWriter.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens").map { $0.description }.joined()
        }
        #expect(!dump.contains(token))
    }

    @Test func revokedTokenNoLongerAuthenticates() async throws {
        let database = try AppDatabase.inMemory()
        let (token, record) = try database.createToken(scope: .admin)
        #expect(try database.hasLiveAdminToken())
        #expect(try database.revokeToken(id: try #require(record.id)))
        #expect(try await database.authenticate(token: token) == nil)
        #expect(try !database.hasLiveAdminToken())
        #expect(try !database.revokeToken(id: try #require(record.id)))
    }

    @Test func scopesAreOrdered() {
        #expect(TokenScope.admin.permits(.read))
        #expect(TokenScope.upload.permits(.read))
        #expect(!TokenScope.read.permits(.upload))
        #expect(!TokenScope.upload.permits(.admin))
    }

    @Test func digestMatchesKnownSHA256() {
        #expect(TokenDigest.digest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
