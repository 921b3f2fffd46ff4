import Foundation
import Inspection
import Store
import Wearables

extension InspectionServices {
    /// Every week id of a split, in id order.
    func weekIDs(split: CohortSplit) async throws -> [Int64] {
        var ids: [Int64] = []
        var offset = 0
        while true {
            let page = try await database.weeks(matching: CohortFilter(split: split), page: PageRequest(limit: PageRequest.maximumLimit, offset: offset))
            ids += page.items.map(\.id)
            guard let next = page.nextOffset else { return ids }
            offset = next
        }
    }

    /// `count` week ids of a split spread evenly over its id order (all of them when it has fewer):
    /// the same sample for the same cohort, so answers can be cached and compared.
    func sampledWeekIDs(split: CohortSplit, count: Int) async throws -> [Int64] {
        let ids = try await weekIDs(split: split)
        guard ids.count > count else { return ids }
        return (0..<count).map { ids[$0 * ids.count / count] }
    }

    /// The encoded weeks with these ids, in order.
    func encodedWeeks(ids: [Int64]) async throws -> [EncodedWeek] {
        var users: [Int64: StoredUser] = [:]
        var weeks: [EncodedWeek] = []
        weeks.reserveCapacity(ids.count)
        for id in ids {
            let week = try await database.week(id: id)
            let user: StoredUser
            if let known = users[week.summary.userID] {
                user = known
            } else {
                user = try await database.user(id: week.summary.userID)
                users[week.summary.userID] = user
            }
            weeks.append(EncodedWeek(week: week, user: user))
        }
        return weeks
    }

    /// The mean encoded week (series and metadata) of a split: the default baseline of integrated
    /// gradients and of series ablations. Cached per split and cohort size.
    func meanWeek(split: CohortSplit) async throws -> EncodedWeek {
        let ids = try await weekIDs(split: split)
        guard !ids.isEmpty else {
            throw APIError(.unprocessableContent, code: "empty_split", message: "the \(split.rawValue) split has no weeks to average")
        }
        let key = "mean-week:\(split.rawValue):\(ids.count):\(ids.last ?? 0)"
        return try await baselines.value(for: key) {
            var series = [Float](repeating: 0, count: SequenceInputEncoding.binCount * SequenceInputEncoding.seriesChannels.count)
            var metadata = [Float](repeating: 0, count: SequenceInputEncoding.metadataFeatures.count)
            for start in stride(from: 0, to: ids.count, by: 64) {
                for week in try await self.encodedWeeks(ids: Array(ids[start..<min(ids.count, start + 64)])) {
                    for index in series.indices { series[index] += week.series[index] }
                    for index in metadata.indices { metadata[index] += week.metadata[index] }
                }
            }
            let scale = 1 / Float(ids.count)
            return EncodedWeek(weekID: 0, series: series.map { $0 * scale }, metadata: metadata.map { $0 * scale })
        }
    }
}
