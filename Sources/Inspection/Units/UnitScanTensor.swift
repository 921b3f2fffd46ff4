/// One tensor a unit scan watches, and how it connects to the others.
public struct UnitScanTensor: Codable, Sendable, Equatable {
    public var name: String
    public var layout: TimeAxisLayout
    /// `.positive` for ReLU outputs, `.nonZero` otherwise.
    public var activity: ActivityRule
    /// The nearest scanned tensors this one is computed from (e.g. `conv3` ← `act2`), from the graph.
    /// A tensor whose upstream includes a dead layer and whose units are all constant in time is
    /// reported as `emits_bias`. Names that are not scanned are ignored.
    public var upstream: [String]

    public init(name: String, layout: TimeAxisLayout, activity: ActivityRule = .nonZero, upstream: [String] = []) {
        self.name = name
        self.layout = layout
        self.activity = activity
        self.upstream = upstream
    }
}
