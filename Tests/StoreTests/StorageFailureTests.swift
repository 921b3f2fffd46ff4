import Foundation
import GRDB
import Testing

@testable import Store

/// `StorageFailure` recognises a full or read-only disk among the errors SQLite and Foundation throw,
/// and names the cause.
struct StorageFailureTests {
    @Test func aDatabaseOverItsPageLimitFailsAsFullAndStaysSound() throws {
        let database = try AppDatabase.inMemory()
        try database.dbWriter.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE blobs (bytes BLOB NOT NULL)")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        let error = try #require(throws: DatabaseError.self) {
            try database.dbWriter.write { db in
                try db.execute(sql: "INSERT INTO blobs (bytes) VALUES (?)", arguments: [Data(count: 1 << 20)])
            }
        }
        let failure = try #require(StorageFailure(error))
        #expect(failure.kind == .full && failure.target == "the database" && failure.cause == "database or disk is full")
        #expect(failure.description == "the database is full: database or disk is full; free space on the disk holding the data directory, then try again")
        #expect(try database.dbWriter.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs") } == 0)
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func fileWritesRefusedForSpaceOrAReadOnlyVolumeAreRecognisedAndOtherErrorsAreNot() throws {
        let tooLarge = try #require(StorageFailure(NSError(domain: NSPOSIXErrorDomain, code: Int(EFBIG)), target: "the upload"))
        #expect(tooLarge.kind == .full && tooLarge.description == "no space left to write the upload: File too large; free space on its disk, then try again")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteUnknown.rawValue,
                              userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))])
        #expect(StorageFailure(wrapped)?.cause == "No space left on device")
        #expect(StorageFailure(CocoaError(.fileWriteOutOfSpace))?.kind == .full)
        #expect(StorageFailure(CocoaError(.fileWriteVolumeReadOnly))?.kind == .readOnly)
        #expect(StorageFailure(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOENT))) == nil)
        #expect(StorageFailure(StoreError.userNotFound(1)) == nil)
        #expect(StorageFailure(DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "UNIQUE constraint failed")) == nil)
    }
}
