import Foundation

/// Why a data directory cannot hold the database: each names the path and the system's reason, so that
/// a command can stop with one clear line instead of a SQLite error from deep inside the first write.
public enum DataDirectoryError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case notADirectory(path: String)
    case notWritable(path: String, reason: String)
    case databaseNotWritable(path: String, reason: String)
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            "cannot create the data directory \(path): \(reason)"
        case .notADirectory(let path):
            "the data directory \(path) is not a directory"
        case .notWritable(let path, let reason):
            "the data directory \(path) is not writable (\(reason)): auscult keeps its database, the database's write-ahead log "
                + "and received uploads there; give the user running auscult write access or choose another --data-dir"
        case .databaseNotWritable(let path, let reason):
            "the database \(path) is not writable (\(reason)); give the user running auscult write access to it"
        case .cannotOpen(let path, let reason):
            "cannot open the database \(path): \(reason)"
        }
    }

    /// Creates `directory` when missing and checks that this process can create files in it and write
    /// `databaseFile` (when it exists) — by trying, since permissions alone do not tell (a read-only
    /// mount, an ACL, root).
    static func checkWritable(directory: URL, databaseFile: URL) throws {
        let path = directory.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw notADirectory(path: path) }
        } else {
            // mkdir for each missing component, for the system's reason when one cannot be made.
            var partial = ""
            for component in directory.standardizedFileURL.pathComponents {
                partial = (partial as NSString).appendingPathComponent(component)
                if mkdir(partial, 0o777) != 0 && errno != EEXIST {
                    throw cannotCreate(path: path, reason: String(cString: strerror(errno)))
                }
            }
        }
        let probe = directory.appendingPathComponent(".auscult-write-check-\(getpid())").path
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw notWritable(path: path, reason: String(cString: strerror(errno))) }
        close(descriptor)
        unlink(probe)
        if FileManager.default.fileExists(atPath: databaseFile.path) {
            let database = open(databaseFile.path, O_RDWR)
            guard database >= 0 else { throw databaseNotWritable(path: databaseFile.path, reason: String(cString: strerror(errno))) }
            close(database)
        }
    }
}
