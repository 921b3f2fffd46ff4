import Foundation
import GRDB

/// The SQL migrations shipped in `Migrations/NNNN_name.sql`, in the order they apply.
///
/// Each file is one migration, registered under its file name without extension; GRDB's migrator runs
/// each in its own transaction and records it in `grdb_migrations`, so a restart applies only the files
/// it has not seen. Files are only ever added, never edited once released.
public struct MigrationCatalog: Sendable {
    public struct Migration: Sendable, Equatable {
        public let identifier: String
        public let sql: String
    }

    public let migrations: [Migration]

    /// Reads every `NNNN_name.sql` in `directory`, sorted by number; anything else there is an error,
    /// so a misnamed file cannot be skipped silently.
    public init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var migrations: [Migration] = []
        for name in names where !name.hasPrefix(".") {
            guard name.hasSuffix(".sql"), name.count > 9,
                name.prefix(4).allSatisfy(\.isNumber), name.dropFirst(4).first == "_"
            else {
                throw StoreError.invalidMigrationName(name)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(identifier: String(name.dropLast(4)), sql: sql))
        }
        guard !migrations.isEmpty else { throw StoreError.noMigrations(directory.path) }
        self.migrations = migrations
    }

    init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// The migrations bundled with the Store module.
    public static func bundled() throws -> MigrationCatalog {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw StoreError.noMigrations("Store module bundle")
        }
        return try MigrationCatalog(directory: directory)
    }

    /// A GRDB migrator that applies these migrations in order.
    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }
}
