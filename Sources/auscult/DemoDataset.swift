import Foundation
import Inspection
import Store
import Wearables

/// The weeks of one split with a known label, encoded for training (`SequenceInputEncoding`).
enum DemoDataset {
    /// Every week of `split` whose user has `label`, in week-id order; weeks without the label are left out.
    static func examples(in database: AppDatabase, split: CohortSplit, label: String) async throws -> [TrainingExample] {
        var users: [Int64: StoredUser] = [:]
        var offset = 0
        while true {
            let page = try await database.users(matching: CohortFilter(split: split), page: PageRequest(limit: 1000, offset: offset))
            for user in page.items { users[user.id] = user }
            guard let next = page.nextOffset else { break }
            offset = next
        }
        var summaries: [StoredWeekSummary] = []
        offset = 0
        while true {
            let page = try await database.weeks(matching: CohortFilter(split: split), page: PageRequest(limit: 1000, offset: offset))
            summaries += page.items
            guard let next = page.nextOffset else { break }
            offset = next
        }
        var examples: [TrainingExample] = []
        for summary in summaries {
            guard let user = users[summary.userID], let target = user.labels[label] else { continue }
            let week = try await database.week(id: summary.id).series
            let record = user.record
            examples.append(TrainingExample(
                series: SequenceInputEncoding.series(heartRate: week.heartRate, steps: week.steps, observed: week.observed),
                metadata: SequenceInputEncoding.metadata(
                    ageYears: record.birthYear.map { summary.start.year - $0 }, isMale: record.sex == Sex.male.rawValue,
                    firstGenerationWatch: record.deviceFamily == "apple_watch" && record.deviceGeneration == 1,
                    utcOffsetSeconds: summary.utcOffsetSeconds),
                target: Float(target)))
        }
        return examples
    }
}
