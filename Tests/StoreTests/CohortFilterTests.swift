import Foundation
import Testing
import Wearables

@testable import Store

struct CohortFilterTests {
    /// A database holding 30 simulated users with one week each.
    func seededDatabase() throws -> (AppDatabase, [SimulatedUser]) {
        let database = try AppDatabase.inMemory()
        let simulator = CohortSimulator(seed: 7, userCount: 30, weeksPerUser: 1)
        #expect(try database.seedDemoCohortIfEmpty(simulator) == 30)
        return (database, (0..<30).map(simulator.user(at:)))
    }

    @Test func filtersBySplitDeviceAndLabel() async throws {
        let (database, users) = try seededDatabase()
        let train = try await database.users(matching: CohortFilter(split: .train), page: PageRequest(limit: 100))
        #expect(train.total == users.filter { $0.profile.split == .train }.count)
        #expect(train.items.allSatisfy { $0.record.split == "train" })

        let apple = try await database.users(matching: CohortFilter(device: "APPLE_WATCH"), page: PageRequest(limit: 100))
        #expect(apple.total == users.filter { $0.profile.device.family == .appleWatch }.count)

        let positives = users.filter { ($0.profile.labels["sleep_apnea"] ?? 0) != 0 }.count
        let apnea = try await database.users(
            matching: CohortFilter(labels: [.init(name: "sleep_apnea")]), page: PageRequest(limit: 100))
        #expect(apnea.total == positives)
        let negatives = try await database.users(
            matching: CohortFilter(labels: [.init(name: "sleep_apnea", value: 0)]), page: PageRequest(limit: 100))
        #expect(negatives.total == users.count - positives)
    }

    @Test func pagesCoverEveryWeekOnceInOrder() async throws {
        let (database, _) = try seededDatabase()
        var seen: [Int64] = []
        var offset = 0
        while true {
            let page = try await database.weeks(matching: CohortFilter(), page: PageRequest(limit: 7, offset: offset))
            seen += page.items.map(\.id)
            guard let next = page.nextOffset else { break }
            offset = next
        }
        #expect(seen.count == 30)
        #expect(seen == seen.sorted())
        #expect(Set(seen).count == 30)
    }

    /// Weeks match a label on their own value where they have one (the demo's `illness`, or a week row
    /// of a labels file), else on their wearer's; users match on their own labels only.
    @Test func weeksMatchLabelsOnTheirOwnValueFirst() async throws {
        let (database, users) = try seededDatabase()
        let simulator = CohortSimulator(seed: 7, userCount: 30, weeksPerUser: 1)
        let ill = users.filter { simulator.simulatedWeeks(of: $0)[0].labels["illness"] == 1 }.count
        let page = PageRequest(limit: 100)
        #expect(ill > 0 && ill < 30)
        #expect(try await database.weeks(matching: CohortFilter(labels: [.init(name: "illness")]), page: page).total == ill)
        #expect(try await database.weeks(matching: CohortFilter(labels: [.init(name: "illness", value: 0)]), page: page).total == 30 - ill)
        #expect(try await database.users(matching: CohortFilter(labels: [.init(name: "illness")]), page: page).total == 0)

        let user = try #require(users.first { $0.profile.labels["sleep_apnea"] == 0 })
        let start = simulator.weeks(of: user)[0].start
        let refused = try await database.applyLabels([LabelAssignment(externalID: user.profile.externalID, weekStart: start, labels: ["sleep_apnea": 1])])
        #expect(refused.isEmpty)
        let positives = users.filter { $0.profile.labels["sleep_apnea"] == 1 }.count
        let apnea = CohortFilter(labels: [.init(name: "sleep_apnea")])
        #expect(try await database.weeks(matching: apnea, page: page).total == positives + 1, "the week row makes that week positive")
        #expect(try await database.users(matching: apnea, page: page).total == positives, "its wearer stays negative")
    }

    @Test func seedingIsSkippedWhenUsersExist() throws {
        let (database, _) = try seededDatabase()
        #expect(try database.seedDemoCohortIfEmpty(CohortSimulator(seed: 8, userCount: 5, weeksPerUser: 1)) == 0)
        #expect(try database.userCount() == 30)
    }

    @Test func minimumCoverageKeepsOnlyWellCoveredWeeks() async throws {
        let (database, _) = try seededDatabase()
        let all = try await database.weeks(matching: CohortFilter(), page: PageRequest(limit: 100)).items
        let covered = try await database.weeks(matching: CohortFilter(minimumCoverage: 0.6), page: PageRequest(limit: 100))
        #expect(covered.total == all.filter { $0.coverage >= 0.6 }.count)
        #expect(covered.items.allSatisfy { $0.coverage >= 0.6 })
    }
}
