import ArgumentParser
import Foundation
import Logging
import Server
import Store
import Wearables

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API and the viewer; creates, migrates and (when empty) seeds the database.")

    private static let environment = ProcessInfo.processInfo.environment

    @Option(help: "Address to bind (env AUSCULT_HOST).")
    var host: String = environment["AUSCULT_HOST"] ?? "127.0.0.1"

    @Option(help: "Port to listen on (env AUSCULT_PORT).")
    var port: Int = Int(environment["AUSCULT_PORT"] ?? "") ?? 8080

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(name: .customLong("public-dir"), help: "Directory of the viewer's static files (env AUSCULT_PUBLIC_DIR).")
    var publicDirectory: String = environment["AUSCULT_PUBLIC_DIR"] ?? "public"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env AUSCULT_LOG_LEVEL).")
    var logLevel: String = environment["AUSCULT_LOG_LEVEL"] ?? "info"

    @Option(name: .customLong("max-upload-mb"), help: "Largest watch-data export accepted, in MiB (env AUSCULT_MAX_UPLOAD_MB).")
    var maximumUploadMegabytes: Int = Int(environment["AUSCULT_MAX_UPLOAD_MB"] ?? "") ?? 8192

    @Option(name: .customLong("max-forward-mb"), help: "Most memory one forward pass may hold, in MiB: larger models are refused, batches made to fit (env AUSCULT_MAX_FORWARD_MB).")
    var maximumForwardMegabytes: Int = Int(environment["AUSCULT_MAX_FORWARD_MB"] ?? "") ?? 4096

    @Option(name: .customLong("cors-origin"), help: "The one origin (e.g. https://notebook.example:8888) whose pages may call the API; none by default (env AUSCULT_CORS_ORIGIN).")
    var corsOrigin: String = environment["AUSCULT_CORS_ORIGIN"] ?? ""

    @Option(
        name: .customLong("shutdown-grace-seconds"),
        help: "On SIGTERM or SIGINT, how long running jobs may take to finish before they are stopped and recorded as failed (env AUSCULT_SHUTDOWN_GRACE_SECONDS).")
    var shutdownGraceSeconds: Int = Int(environment["AUSCULT_SHUTDOWN_GRACE_SECONDS"] ?? "") ?? 30

    @Flag(name: .customLong("no-demo"), help: "Do not seed the demo cohort into an empty database.")
    var noDemo = false

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard (1...1_048_576).contains(maximumUploadMegabytes) else { throw ValidationError("--max-upload-mb must be 1 to 1048576") }
        guard (16...1_048_576).contains(maximumForwardMegabytes) else { throw ValidationError("--max-forward-mb must be 16 to 1048576") }
        guard (0...86_400).contains(shutdownGraceSeconds) else { throw ValidationError("--shutdown-grace-seconds must be 0 to 86400") }
    }

    func run() async throws {
        // A file-size limit (ulimit -f) then makes a write fail with EFBIG, answered as a full disk,
        // instead of killing the server.
        signal(SIGXFSZ, SIG_IGN)
        let database = try dataDirectory.openDatabase()
        let interrupted = try database.failInterruptedJobs()
        if interrupted > 0 {
            announce("Marked \(interrupted) job(s) left running by the previous server as failed; ask for them again to rerun.")
        }
        if !noDemo {
            try seedDemoCohort(into: database)
        }
        if try !database.hasLiveAdminToken() {
            let (token, _) = try database.createToken(scope: .admin, label: "created by first serve")
            announce("Created an admin token. Open the viewer with it (shown once; keep it):")
            announce("    http://\(displayHost):\(port)/?token=\(token)")
            announce("curl: curl -H 'Authorization: Bearer \(token)' http://\(displayHost):\(port)/api/v1/users")
        } else {
            announce("Viewer: http://\(displayHost):\(port)/  (new token: auscult token create --scope admin --data-dir \(dataDirectory.path))")
        }
        var configuration = ServerConfiguration(
            host: host, port: port, dataDirectory: dataDirectory.url,
            publicDirectory: URL(fileURLWithPath: publicDirectory, isDirectory: true),
            logLevel: Logger.Level(rawValue: logLevel) ?? .info, maximumUploadBytes: Int64(maximumUploadMegabytes) << 20,
            corsOrigin: corsOrigin.isEmpty ? nil : corsOrigin, shutdownGracePeriod: .seconds(shutdownGraceSeconds))
        configuration.maximumForwardBytes = maximumForwardMegabytes << 20
        let app = try buildApplication(configuration: configuration, database: database)
        try await app.runService()
        announce("Stopped.")
    }

    private var displayHost: String { host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host }

    private func seedDemoCohort(into database: AppDatabase) throws {
        guard try database.userCount() == 0 else { return }
        let simulator = CohortSimulator()
        announce("Empty database: seeding the demo cohort (\(simulator.userCount) users × \(simulator.weeksPerUser) weeks)…")
        let started = Date()
        let inserted = try database.seedDemoCohortIfEmpty(simulator) { done, total in
            if done % 50 == 0 || done == total {
                announce("  \(done)/\(total) users")
            }
        }
        announce(String(format: "Seeded %d users in %.1f s.", inserted, Date().timeIntervalSince(started)))
    }
}

/// Writes a line to stdout at once (unbuffered), so the login URL shows up even when output goes to a
/// file or a pipe while the server keeps running.
func announce(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
