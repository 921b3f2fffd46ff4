import Foundation
import GRDB

/// A write the disk refused: SQLite or a file write ran out of space (a full disk, a quota, a file-size
/// limit, the database's `max_page_count`), or found its storage read-only or failing.
///
/// SQLite rolls the statement's transaction back in each case, so the database stays as it was before
/// the write; `init?(_:)` recognises these failures among the errors GRDB and Foundation throw, so that
/// the HTTP edge and the job runner can name the cause instead of reporting an internal error.
public struct StorageFailure: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No space left: SQLITE_FULL, ENOSPC, EDQUOT, EFBIG.
        case full
        /// The storage cannot be written: SQLITE_READONLY, EROFS.
        case readOnly
        /// The storage failed: SQLITE_IOERR, EIO.
        case ioError
    }

    public var kind: Kind
    /// What was being written: "the database" or a file's path.
    public var target: String
    /// The cause as SQLite or the system states it ("database or disk is full", "File too large").
    public var cause: String

    public init(kind: Kind, target: String, cause: String) {
        self.kind = kind
        self.target = target
        self.cause = cause
    }

    public var description: String {
        switch kind {
        case .full where target == Self.database:
            "the database is full: \(cause); free space on the disk holding the data directory, then try again"
        case .full:
            "no space left to write \(target): \(cause); free space on its disk, then try again"
        case .readOnly:
            "\(target) cannot be written: \(cause)"
        case .ioError:
            "\(target) could not be written (storage failure): \(cause)"
        }
    }

    static let database = "the database"

    /// The storage failure `error` reports, if it is one; `target` names a file that a Foundation
    /// error was about.
    public init?(_ error: any Error, target: String? = nil) {
        if let error = error as? StorageFailure {
            self = error
            return
        }
        if let error = error as? DatabaseError {
            let kind: Kind
            switch error.resultCode {
            case .SQLITE_FULL: kind = .full
            case .SQLITE_READONLY: kind = .readOnly
            case .SQLITE_IOERR: kind = .ioError
            default: return nil
            }
            self.init(kind: kind, target: Self.database, cause: error.message ?? "SQLite error \(error.resultCode.rawValue)")
            return
        }
        guard let code = Self.posixCode(of: error as NSError) else { return nil }
        let kind: Kind
        switch code {
        case ENOSPC, EDQUOT, EFBIG: kind = .full
        case EROFS: kind = .readOnly
        case EIO: kind = .ioError
        default: return nil
        }
        self.init(kind: kind, target: target ?? "a file", cause: String(cString: strerror(code)))
    }

    /// The errno behind a Foundation error: its own code in the POSIX domain, or that of the error it wraps.
    private static func posixCode(of error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(of: underlying) }
        if error.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: error.code) {
            case .fileWriteOutOfSpace: return ENOSPC
            case .fileWriteVolumeReadOnly: return EROFS
            default: return nil
            }
        }
        return nil
    }
}
