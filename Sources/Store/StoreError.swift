/// Failures of the store that a caller can act on.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case invalidMigrationName(String)
    case noMigrations(String)
    case userNotFound(Int64)
    case weekNotFound(Int64)
    case duplicateUser(externalID: String)
    case corruptSeries(weekID: Int64?, reason: String)
    case duplicateModel(name: String, version: Int, existingID: Int64)
    case modelNotFound(Int64)
    case jobNotFound(Int64)
    case evaluationNotFound(Int64)
    case uploadNotFound(Int64)
    case externalUserNotFound(String)
    /// Work tried to commit for a job that has already ended (stopped by a shutdown, say).
    case jobNotRunning(Int64)

    public var description: String {
        switch self {
        case .invalidMigrationName(let name):
            "migration file '\(name)' is not named NNNN_name.sql"
        case .noMigrations(let place):
            "no migrations found in \(place)"
        case .userNotFound(let id):
            "no user with id \(id)"
        case .weekNotFound(let id):
            "no week with id \(id)"
        case .duplicateUser(let externalID):
            "a user with external id '\(externalID)' already exists"
        case .corruptSeries(let weekID, let reason):
            "stored series of week \(weekID.map(String.init) ?? "?") cannot be read: \(reason)"
        case .duplicateModel(let name, let version, let existingID):
            "model '\(name)' version \(version) already exists (id \(existingID))"
        case .modelNotFound(let id):
            "no model with id \(id)"
        case .jobNotFound(let id):
            "no job with id \(id)"
        case .evaluationNotFound(let id):
            "no evaluation with id \(id)"
        case .uploadNotFound(let id):
            "no upload with id \(id)"
        case .externalUserNotFound(let externalID):
            "no user with external id '\(externalID)'"
        case .jobNotRunning(let id):
            "job \(id) is no longer running (it was stopped); nothing was stored"
        }
    }
}
