extension BinaryClassificationMetrics {
    /// AUROC of `scores` for the positions where `inside` is true against the rest: the probability that
    /// a random inside position scores above a random outside one, ties counting one half. The same
    /// number as `auroc(scores:labels:)` (Mann–Whitney U with mid-ranks), computed by sorting each class
    /// once and merging, in O(n log n) without an index sort. Exactly 0.5 when every score is equal.
    /// nil without both classes. Scores are expected to be finite.
    public static func auroc(scores: [Float], inside: [Bool]) -> Double? {
        precondition(scores.count == inside.count, "scores and mask differ in count")
        var positives: [Float] = []
        var negatives: [Float] = []
        for (score, isInside) in zip(scores, inside) {
            if isInside { positives.append(score) } else { negatives.append(score) }
        }
        guard !positives.isEmpty, !negatives.isEmpty else { return nil }
        positives.sort()
        negatives.sort()
        // For each positive (ascending), `below` negatives score lower and `notAbove` score lower or equal.
        var below = 0
        var notAbove = 0
        var u = 0.0
        for score in positives {
            while below < negatives.count && negatives[below] < score { below += 1 }
            if notAbove < below { notAbove = below }
            while notAbove < negatives.count && negatives[notAbove] <= score { notAbove += 1 }
            u += Double(below) + Double(notAbove - below) / 2
        }
        return u / (Double(positives.count) * Double(negatives.count))
    }
}
