import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension FaultTests {
    /// A data directory that `auscult` cannot write: `serve` and the other commands stop at once with one
    /// line naming the directory (or file) and the system's reason, exit 1, and leave the database as it was.
    ///
    /// Root may write anywhere, so as root the commands run as `nobody` (setpriv) on directories root owns.
    @Suite
    struct ReadOnlyDataDirectoryTests {
        static let nobody: uid_t = 65_534

        /// How to run a command as a user who cannot write what root owns: `setpriv` as root, nothing otherwise
        /// (then `makeReadOnly` takes write permission away instead).
        static func unprivilegedPrefix() throws -> [String] {
            guard getuid() == 0 else { return [] }
            let setpriv = try #require(
                ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) },
                "as root, this test runs auscult as nobody with setpriv (util-linux)")
            return [setpriv, "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups", "--"]
        }

        /// Makes `path` unwritable for the user the commands run as: as root it is root's and 0755 (nobody
        /// cannot write it); otherwise write permission is removed.
        static func makeReadOnly(_ path: String, mode: mode_t) {
            if getuid() != 0 { chmod(path, mode & ~0o222) }
        }

        /// Runs `auscult` with `arguments`, as the unprivileged user, and returns how it ended and what it said.
        static func run(_ arguments: [String], in directory: FaultDataDirectory) async throws -> (ChildProcess.Termination?, String) {
            let child = try ChildProcess.spawn(
                try unprivilegedPrefix() + [try ChildProcess.auscultExecutable()] + arguments,
                log: directory.root.appendingPathComponent("run-\(UUID().uuidString).log"))
            let ended = await child.waitForExit(timeout: .seconds(30))
            if ended == nil { child.stop() }
            return (ended, child.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        @Test func serveAndTokenCommandsOnADirectoryTheyCannotWriteStopWithOneLineNamingItAndTheCause() async throws {
            let directory = try FaultDataDirectory.make(users: 2)
            defer {
                chmod(directory.data.path, 0o755)
                directory.remove()
            }
            let databaseFile = directory.data.appendingPathComponent("auscult.sqlite")
            let before = try Data(contentsOf: databaseFile)
            Self.makeReadOnly(directory.data.path, mode: 0o755)
            let port = try ServeProcess.freeLoopbackPort()

            let expected = "Error: the data directory \(directory.data.path) is not writable (Permission denied): auscult keeps its database"
            for arguments in [
                ["serve", "--no-demo", "--port", "\(port)", "--data-dir", directory.data.path],
                ["token", "create", "--scope", "read", "--data-dir", directory.data.path],
            ] {
                let (ended, output) = try await Self.run(arguments, in: directory)
                #expect(ended == .exited(1), "\(arguments[0]): \(output)")
                #expect(output.hasPrefix(expected), "\(arguments[0]): \(output)")
                #expect(!output.contains("\n"), "one line: \(output)")
            }
            #expect(try Data(contentsOf: databaseFile) == before, "the database was not touched")
            let left = try FileManager.default.contentsOfDirectory(atPath: directory.data.path).filter { $0.hasPrefix(".auscult-write-check") }
            #expect(left.isEmpty)
            #expect(try directory.integrityCheck() == "ok")
        }

        @Test func aDataDirectoryThatCannotBeCreatedIsNamedWithTheCause() async throws {
            let directory = try FaultDataDirectory.make(users: 1)
            let parent = directory.root.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            defer {
                chmod(parent.path, 0o755)
                directory.remove()
            }
            Self.makeReadOnly(parent.path, mode: 0o755)
            let missing = parent.appendingPathComponent("data").path
            let (ended, output) = try await Self.run(["serve", "--no-demo", "--port", "\(try ServeProcess.freeLoopbackPort())", "--data-dir", missing], in: directory)
            #expect(ended == .exited(1), "\(output)")
            #expect(output == "Error: cannot create the data directory \(missing): Permission denied", "\(output)")
            #expect(!FileManager.default.fileExists(atPath: missing))
        }

        @Test func aDatabaseFileThatCannotBeWrittenInAWritableDirectoryIsNamedWithTheCause() async throws {
            let directory = try FaultDataDirectory.make(users: 1)
            let databaseFile = directory.data.appendingPathComponent("auscult.sqlite")
            defer {
                chmod(databaseFile.path, 0o644)
                directory.remove()
            }
            if getuid() == 0 {
                // nobody owns the directory, root the database file (0644).
                chown(directory.data.path, Self.nobody, gid_t(Self.nobody))
            } else {
                chmod(databaseFile.path, 0o444)
            }
            let (ended, output) = try await Self.run(["token", "create", "--scope", "read", "--data-dir", directory.data.path], in: directory)
            #expect(ended == .exited(1), "\(output)")
            #expect(output.hasPrefix("Error: the database \(databaseFile.path) is not writable (Permission denied)"), "\(output)")
            #expect(try directory.integrityCheck() == "ok")
        }
    }
}
