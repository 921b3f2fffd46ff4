import GRDB
import Wearables

/// Which users (and through them, which weeks) a listing returns. Every field narrows the result;
/// nil or empty fields do not filter. Users match on their own labels; weeks on their own labels where
/// they have them, else their wearer's.
public struct CohortFilter: Sendable, Equatable {
    /// A condition on one outcome label.
    public struct LabelCondition: Sendable, Equatable {
        public var name: String
        /// The exact value required; nil means "known and non-zero" (a positive binary label).
        public var value: Double?

        public init(name: String, value: Double? = nil) {
            self.name = name
            self.value = value
        }
    }

    public var split: CohortSplit?
    /// Matches the device's identifier (`Watch1,1`) or its family (`apple_watch`), case-insensitively.
    public var device: String?
    public var deviceGeneration: Int?
    public var source: DataSource?
    public var labels: [LabelCondition]
    public var userID: Int64?
    /// Weeks only: keep weeks whose coverage is at least this.
    public var minimumCoverage: Double?

    public init(
        split: CohortSplit? = nil, device: String? = nil, deviceGeneration: Int? = nil,
        source: DataSource? = nil, labels: [LabelCondition] = [], userID: Int64? = nil,
        minimumCoverage: Double? = nil
    ) {
        self.split = split
        self.device = device
        self.deviceGeneration = deviceGeneration
        self.source = source
        self.labels = labels
        self.userID = userID
        self.minimumCoverage = minimumCoverage
    }

    /// The SQL condition on users aliased `u` (and weeks aliased `w` when `includeWeekConditions`: then a
    /// label condition reads the week's own label where it has one), with its arguments.
    func sqlCondition(includeWeekConditions: Bool) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = ["1"]
        var arguments = StatementArguments()
        if let split {
            clauses.append("u.split = ?")
            arguments += [split.rawValue]
        }
        if let device {
            clauses.append("(u.device_model = ? COLLATE NOCASE OR u.device_family = ? COLLATE NOCASE)")
            arguments += [device, device]
        }
        if let deviceGeneration {
            clauses.append("u.device_generation = ?")
            arguments += [deviceGeneration]
        }
        if let source {
            clauses.append("u.source = ?")
            arguments += [source.rawValue]
        }
        for condition in labels {
            // A week's own label, where it has one, overrides its wearer's (as `labelledWeeks` reads them).
            let userValue = "(SELECT l.value FROM user_labels l WHERE l.user_id = u.id AND l.name = ?)"
            let labelValue = includeWeekConditions
                ? "COALESCE((SELECT wl.value FROM week_labels wl WHERE wl.week_id = w.id AND wl.name = ?), \(userValue))"
                : userValue
            arguments += includeWeekConditions ? [condition.name, condition.name] : [condition.name]
            if let value = condition.value {
                clauses.append("\(labelValue) = ?")
                arguments += [value]
            } else {
                clauses.append("\(labelValue) <> 0")
            }
        }
        if let userID {
            clauses.append("u.id = ?")
            arguments += [userID]
        }
        if includeWeekConditions, let minimumCoverage {
            clauses.append("w.coverage >= ?")
            arguments += [minimumCoverage]
        }
        return (clauses.joined(separator: " AND "), arguments)
    }
}

/// One page of a listing: `limit` items from `offset`, and how many match in all.
public struct PageRequest: Sendable, Equatable {
    public static let maximumLimit = 1000
    public var limit: Int
    public var offset: Int

    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = limit
        self.offset = offset
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var request: PageRequest

    /// The offset of the next page, nil on the last page.
    public var nextOffset: Int? {
        let next = request.offset + items.count
        return next < total && !items.isEmpty ? next : nil
    }
}
