import Foundation
import GRDB

/// The Auscult database: users, weeks, models, evaluations, jobs, uploads and API tokens.
///
/// Wraps a GRDB writer (a WAL `DatabasePool` on disk, a `DatabaseQueue` in memory for tests), applies
/// the bundled migrations when opened, and exposes intent-named methods that each run in one
/// transaction. Foreign keys are enforced.
public struct AppDatabase: Sendable {
    let dbWriter: any DatabaseWriter

    /// Opens `dbWriter` and applies the migrations it has not seen yet.
    public init(_ dbWriter: any DatabaseWriter, migrations: MigrationCatalog? = nil) throws {
        self.dbWriter = dbWriter
        let catalog = try migrations ?? MigrationCatalog.bundled()
        try catalog.migrator.migrate(dbWriter)
    }

    /// The database file `auscult.sqlite` in `directory`, created (with the directory) when missing.
    ///
    /// Throws `DataDirectoryError` when the directory cannot be created or written, or the database
    /// cannot be opened and migrated there (the reason SQLite gives, e.g. "database or disk is full").
    public static func openOnDisk(directory: URL) throws -> AppDatabase {
        let file = directory.appendingPathComponent("auscult.sqlite")
        try DataDirectoryError.checkWritable(directory: directory, databaseFile: file)
        do {
            let pool = try DatabasePool(path: file.path, configuration: configuration())
            return try AppDatabase(pool)
        } catch let error as DatabaseError {
            throw DataDirectoryError.cannotOpen(path: file.path, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        }
    }

    /// A private in-memory database, for tests and throwaway runs.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        return configuration
    }

    /// Identifiers of the migrations applied so far, in order.
    public func appliedMigrations() throws -> [String] {
        try dbWriter.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
    }

    /// The result of SQLite's `PRAGMA integrity_check` ("ok" when the file is sound).
    public func integrityCheck() throws -> String {
        try dbWriter.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }
}
