import ArgumentParser
import Foundation
import Store

/// `--data-dir`, shared by every command that opens the database (env `AUSCULT_DATA_DIR`).
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory holding auscult.sqlite (env AUSCULT_DATA_DIR).")
    var path: String = ProcessInfo.processInfo.environment["AUSCULT_DATA_DIR"] ?? "data"

    var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    func openDatabase() throws -> AppDatabase {
        try AppDatabase.openOnDisk(directory: url)
    }
}
