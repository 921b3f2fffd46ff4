import Foundation
import Inspection
import Store
import Wearables

/// The weeks of a split whose wearer has a label, encoded for training and evaluation.
public enum LabelledWeeks {
    /// Every week of `split` whose user has `label`, in week-id order, as `TrainingExample`s clustered by
    /// user; weeks without the label are left out.
    public static func examples(in database: AppDatabase, split: CohortSplit, label: String) async throws -> [TrainingExample] {
        var users: [Int64: StoredUser] = [:]
        var examples: [TrainingExample] = []
        for (metadata, target) in try await database.labelledWeeks(split: split, label: label) {
            if users[metadata.userID] == nil { users[metadata.userID] = try await database.user(id: metadata.userID) }
            let encoded = EncodedWeek(week: try await database.week(id: metadata.weekID), user: users[metadata.userID]!)
            examples.append(
                TrainingExample(series: encoded.series, metadata: encoded.metadata, target: Float(target), cluster: metadata.userID))
        }
        return examples
    }
}
