/// The units of a model that track a context (`asleep`, `workout`), ranked over a data split.
public struct SemanticUnitReport: Codable, Sendable, Equatable {
    public var context: String
    public var weeks: Int
    /// Positions (week, step) inside and outside the context on the first tensor's time grid; when
    /// tensors differ in steps, each entry of `tensors` carries its own counts.
    public var positionsInside: Int
    public var positionsOutside: Int
    /// By separation, largest first, then tensor order, then unit index; every unit or the top ones.
    public var units: [SemanticUnit]
    /// One per tensor, in the order the accumulator was set up with.
    public var tensors: [SemanticTensorSummary]
}
