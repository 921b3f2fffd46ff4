/// One thing a scan found about one tensor, said for a person: what was seen (with numbers), why it
/// usually happens, and what to do.
public struct UnitFinding: Codable, Sendable, Equatable {
    /// A stable code: `dead_layer`, `dead_unit`, `emits_bias`, `static_unit`, `rarely_active`.
    public var code: String
    public var tensor: String
    /// The units concerned.
    public var units: [Int]
    public var message: String
    public var likelyCause: String
    public var fix: String
}
