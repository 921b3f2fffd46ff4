import Foundation
import GRDB
import Testing

@testable import Store

struct MigrationCatalogTests {
    /// A fresh directory holding the given migration files.
    func migrationDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("auscult-migrations-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    func temporaryDatabasePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("auscult-\(UUID().uuidString).sqlite").path
    }

    func tableNames(_ writer: some DatabaseWriter) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        }
    }

    @Test func bundledMigrationsCreateEveryTableOnAnEmptyDatabase() throws {
        let database = try AppDatabase.inMemory()
        #expect(try database.appliedMigrations() == ["0001_initial", "0002_evaluation_details", "0003_uploads_and_week_labels"])
        let tables = try tableNames(database.dbWriter)
        let predictionColumns = try database.dbWriter.read { db in try db.columns(in: "predictions").map(\.name) }
        #expect(predictionColumns.contains("ablated_prediction"))
        for table in [
            "users", "user_labels", "weeks", "week_context_masks", "models", "evaluations", "predictions", "jobs",
            "uploads", "api_tokens", "week_labels",
        ] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func restartAppliesOnlyNewMigrationsAndKeepsData() throws {
        let path = temporaryDatabasePath()
        let first = try migrationDirectory(["0001_a.sql": "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"])
        do {
            _ = try AppDatabase(DatabasePool(path: path), migrations: MigrationCatalog(directory: first))
        }
        // If 0001 ran again, its INSERT would add a second row (and CREATE TABLE would fail).
        let second = try migrationDirectory([
            "0001_a.sql": "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);",
            "0002_b.sql": "ALTER TABLE a ADD COLUMN y TEXT; UPDATE a SET y = 'migrated';",
        ])
        let database = try AppDatabase(DatabasePool(path: path), migrations: MigrationCatalog(directory: second))
        #expect(try database.appliedMigrations() == ["0001_a", "0002_b"])
        let rows = try database.dbWriter.read { db in try Row.fetchAll(db, sql: "SELECT x, y FROM a") }
        #expect(rows.count == 1)
        #expect(rows.first?["y"] == "migrated")
    }

    @Test func aFailingMigrationLeavesNoTraceAndIsNotRecorded() throws {
        let path = temporaryDatabasePath()
        let directory = try migrationDirectory([
            "0001_a.sql": "CREATE TABLE a (x INTEGER);",
            "0002_broken.sql": "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);",
        ])
        #expect(throws: (any Error).self) {
            _ = try AppDatabase(DatabasePool(path: path), migrations: MigrationCatalog(directory: directory))
        }
        let pool = try DatabasePool(path: path)
        let tables = try tableNames(pool)
        #expect(tables.contains("a"))
        #expect(!tables.contains("b"), "the broken migration's first statement must roll back")
        let applied = try pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied == ["0001_a"])
    }

    @Test func migrationsApplyInNumericOrder() throws {
        let directory = try migrationDirectory([
            "0002_second.sql": "INSERT INTO t VALUES (2);",
            "0001_first.sql": "CREATE TABLE t (x INTEGER);",
            "0010_tenth.sql": "INSERT INTO t VALUES (10);",
        ])
        let catalog = try MigrationCatalog(directory: directory)
        #expect(catalog.migrations.map(\.identifier) == ["0001_first", "0002_second", "0010_tenth"])
    }

    @Test func refusesAMisnamedMigrationFile() throws {
        let directory = try migrationDirectory(["0001_a.sql": "SELECT 1;", "notes.txt": "hello"])
        #expect(throws: StoreError.invalidMigrationName("notes.txt")) {
            try MigrationCatalog(directory: directory)
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let database = try AppDatabase.inMemory()
        #expect(throws: DatabaseError.self) {
            try database.dbWriter.write { db in
                try db.execute(sql: "INSERT INTO user_labels (user_id, name, value) VALUES (999, 'x', 1)")
            }
        }
    }
}
