import Foundation
import Inspection
import Store
import Wearables

/// The weeks of a split whose wearer has a label, encoded for training and evaluation.
public enum LabelledWeeks {
    /// Every week of `split` whose user has `label`, in week-id order, as `TrainingExample`s; weeks
    /// without the label are left out.
    public static func examples(in database: AppDatabase, split: CohortSplit, label: String) async throws -> [TrainingExample] {
        var users: [Int64: StoredUser] = [:]
        var offset = 0
        while true {
            let page = try await database.users(matching: CohortFilter(split: split), page: PageRequest(limit: PageRequest.maximumLimit, offset: offset))
            for user in page.items { users[user.id] = user }
            guard let next = page.nextOffset else { break }
            offset = next
        }
        var summaries: [StoredWeekSummary] = []
        offset = 0
        while true {
            let page = try await database.weeks(matching: CohortFilter(split: split), page: PageRequest(limit: PageRequest.maximumLimit, offset: offset))
            summaries += page.items
            guard let next = page.nextOffset else { break }
            offset = next
        }
        var examples: [TrainingExample] = []
        for summary in summaries {
            guard let user = users[summary.userID], let target = user.labels[label] else { continue }
            let encoded = EncodedWeek(week: try await database.week(id: summary.id), user: user)
            examples.append(TrainingExample(series: encoded.series, metadata: encoded.metadata, target: Float(target)))
        }
        return examples
    }
}
