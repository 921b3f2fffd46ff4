/// Ranks with ties sharing the mean of the ranks they span ("mid-ranks", as `scipy.stats.rankdata`'s
/// default): 1-based, so `[10, 20, 20, 30]` ranks as `[1, 2.5, 2.5, 4]`. Values are expected to be finite
/// (NaN does not order).
enum MidRanks {
    static func of(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = midRank }
            start = end + 1
        }
        return ranks
    }
}
