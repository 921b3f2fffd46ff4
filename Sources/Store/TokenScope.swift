/// What a bearer token may do. Scopes are ordered: `admin` may do everything `upload` may, and
/// `upload` everything `read` may.
public enum TokenScope: String, Codable, Sendable, CaseIterable, Comparable {
    /// Read cohort data, models, analyses.
    case read
    /// Also upload watch exports and models, start jobs.
    case upload
    /// Also delete, manage tokens.
    case admin

    var rank: Int {
        switch self {
        case .read: 0
        case .upload: 1
        case .admin: 2
        }
    }

    /// True when a token of this scope may call an endpoint that requires `required`.
    public func permits(_ required: TokenScope) -> Bool { rank >= required.rank }

    public static func < (lhs: TokenScope, rhs: TokenScope) -> Bool { lhs.rank < rhs.rank }
}
