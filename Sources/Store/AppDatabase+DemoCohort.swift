import GRDB
import Wearables

extension AppDatabase {
    /// Fills an empty database with the simulated demo cohort, its user labels and its week labels, in
    /// one transaction.
    ///
    /// Returns the number of users inserted: 0 when the database already holds users (the cohort is
    /// never mixed into real data). `progress` is called after each user with (done, total).
    @discardableResult
    public func seedDemoCohortIfEmpty(
        _ simulator: CohortSimulator = CohortSimulator(), progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Int {
        try dbWriter.write { db in
            guard try UserRecord.fetchCount(db) == 0 else { return 0 }
            for index in 0..<simulator.userCount {
                let user = simulator.user(at: index)
                let userID = try Self.insertUser(user.profile, weeks: [], uploadID: nil, in: db)
                for week in simulator.simulatedWeeks(of: user) {
                    let weekID = try Self.insertWeek(week.series, userID: userID, uploadID: nil, in: db)
                    try Self.setWeekLabels(week.labels, weekID: weekID, in: db)
                }
                progress?(index + 1, simulator.userCount)
            }
            return simulator.userCount
        }
    }
}
