/// Metrics of scores against 0/1 labels.
public enum BinaryClassificationMetrics {
    /// Area under the ROC curve: the probability that a random positive scores above a random negative,
    /// ties counting one half (Mann–Whitney U / (P·N), with mid-ranks). nil without both classes.
    public static func auroc(scores: [Float], labels: [Float]) -> Double? {
        precondition(scores.count == labels.count, "scores and labels differ in count")
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = midRank }
            start = end + 1
        }
        let positives = labels.filter { $0 > 0.5 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let positiveRankSum = zip(ranks, labels).filter { $0.1 > 0.5 }.reduce(0) { $0 + $1.0 }
        let u = positiveRankSum - Double(positives * (positives + 1)) / 2
        return u / Double(positives * negatives)
    }
}
