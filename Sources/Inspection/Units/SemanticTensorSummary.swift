/// How much one tensor's units track a context, summarised.
public struct SemanticTensorSummary: Codable, Sendable, Equatable {
    public var name: String
    public var layout: TimeAxisLayout
    /// 0 when no week was seen.
    public var units: Int
    /// Positions (week, step) of this tensor inside and outside the context.
    public var positionsInside: Int
    public var positionsOutside: Int
    /// The unit with the largest separation (the lowest index among equals); nil without units.
    public var bestUnit: Int?
    public var bestAUROC: Double?
    /// Mean separation over the tensor's units.
    public var meanSeparation: Double

    /// `bestAuroc`, so that snake_case strategies round-trip it as `best_auroc`.
    enum CodingKeys: String, CodingKey {
        case name, layout, units, positionsInside, positionsOutside, bestUnit, meanSeparation
        case bestAUROC = "bestAuroc"
    }
}
