import Foundation
import GRDB

/// A row of `week_context_masks`: what the source knows the wearer did in each bin (`asleep`,
/// `workout`), as zlib(one byte per bin).
public struct WeekContextMaskRecord: Codable, Hashable, Sendable {
    public var weekId: Int64
    public var name: String
    public var mask: Data

    public init(weekId: Int64, name: String, mask: Data) {
        self.weekId = weekId
        self.name = name
        self.mask = mask
    }
}

extension WeekContextMaskRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "week_context_masks"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Columns {
        public static let weekId = Column("week_id")
        public static let name = Column("name")
    }
}
