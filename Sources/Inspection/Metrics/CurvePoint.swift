/// One point of a ROC curve (`x` = false positive rate, `y` = true positive rate) or a precision-recall
/// curve (`x` = recall, `y` = precision), reached by calling every prediction ≥ `threshold` positive.
public struct CurvePoint: Codable, Sendable, Equatable {
    public var threshold: Double
    public var x: Double
    public var y: Double

    public init(threshold: Double, x: Double, y: Double) {
        self.threshold = threshold
        self.x = x
        self.y = y
    }
}
