import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import Server

struct CohortRouteTests {
    struct UserPage: Decodable {
        struct User: Decodable {
            let id: Int64
            let external_id: String
            let split: String
            let labels: [String: Double]
            let week_count: Int
            struct Device: Decodable { let family: String; let model: String; let generation: Int? }
            let device: Device
        }
        let items: [User]
        let total: Int
        let limit: Int
        let offset: Int
        let next_offset: Int?
    }

    struct WeekPage: Decodable {
        struct Week: Decodable {
            let id: Int64
            let user_id: Int64
            let start_local: String
            let coverage: Double
            let context_masks: [String]
            let labels: [String: Double]
        }
        let items: [Week]
        let total: Int
    }

    struct WeekDetail: Decodable {
        struct Series: Decodable {
            let time: [Double]
            let heart_rate: [Float?]
            let steps: [Float]
            let observed: [Int]
        }
        let id: Int64
        let bin_count: Int
        let bin_seconds: Double
        let series: Series
        let context_mask_values: [String: [Int]]
    }

    @Test func listsUsersPageByPage() async throws {
        let server = try TestServer()
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/users?limit=5", method: .get, headers: server.headers(.read)) { response in
                let page = try response.json(UserPage.self)
                #expect(page.total == 12)
                #expect(page.items.count == 5)
                #expect(page.next_offset == 5)
                #expect(page.items.allSatisfy { $0.week_count == 2 })
            }
            try await client.execute(uri: "/api/v1/users?limit=5&offset=10", method: .get, headers: server.headers(.read)) { response in
                let page = try response.json(UserPage.self)
                #expect(page.items.count == 2)
                #expect(page.next_offset == nil)
            }
        }
    }

    @Test func filtersUsersBySplitDeviceAndLabel() async throws {
        let server = try TestServer(users: 40, weeksPerUser: 1)
        let users = (0..<40).map(server.simulator.user(at:))
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/users?split=tuning&limit=100", method: .get, headers: server.headers(.read)) { response in
                let page = try response.json(UserPage.self)
                #expect(page.total == users.filter { $0.profile.split == .tuning }.count)
                #expect(page.items.allSatisfy { $0.split == "tuning" })
            }
            try await client.execute(uri: "/api/v1/users?device=apple_watch&generation=1&limit=100", method: .get, headers: server.headers(.read)) { response in
                let page = try response.json(UserPage.self)
                #expect(page.total == users.filter { $0.profile.device.isFirstGenerationAppleWatch }.count)
                #expect(page.items.allSatisfy { $0.device.generation == 1 && $0.device.model.hasPrefix("Watch1,") })
            }
            let expected = users.filter { $0.profile.labels["hypertension"] == 1 && $0.profile.labels["diabetes"] == 0 }.count
            try await client.execute(uri: "/api/v1/users?label=hypertension&label=diabetes:0&limit=100", method: .get, headers: server.headers(.read)) { response in
                let decoded = try response.json(UserPage.self)
                #expect(decoded.total == expected)
            }
        }
    }

    @Test func showsOneUserAndTheirWeeks() async throws {
        let server = try TestServer(users: 3, weeksPerUser: 2)
        let expected = server.simulator.user(at: 1).profile
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/users/2", method: .get, headers: server.headers(.read)) { response in
                let user = try response.json(UserPage.User.self)
                #expect(user.external_id == expected.externalID)
                #expect(user.labels == expected.labels)
            }
            try await client.execute(uri: "/api/v1/users/2/weeks", method: .get, headers: server.headers(.read)) { response in
                let weeks = try response.json(WeekPage.Items.self)
                #expect(weeks.items.count == 2)
                #expect(weeks.items.allSatisfy { $0.user_id == 2 })
                #expect(weeks.items.map(\.start_local) == ["2026-03-02", "2026-03-09"])
                let drawn = server.simulator.simulatedWeeks(of: server.simulator.user(at: 1)).map(\.labels)
                #expect(weeks.items.map(\.labels) == drawn, "each week lists its own labels (illness)")
            }
        }
    }

    @Test func listsWeeksOfOneUserAndAboveACoverage() async throws {
        let server = try TestServer(users: 6, weeksPerUser: 2)
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/weeks?user=3", method: .get, headers: server.headers(.read)) { response in
                let page = try response.json(WeekPage.self)
                #expect(page.total == 2)
                #expect(page.items.allSatisfy { $0.user_id == 3 })
            }
            try await client.execute(uri: "/api/v1/weeks?min_coverage=0.5&limit=100", method: .get, headers: server.headers(.read)) { response in
                let decoded = try response.json(WeekPage.self)
                #expect(decoded.items.allSatisfy { $0.coverage >= 0.5 })
            }
            let ill = server.simulator.users.flatMap { server.simulator.simulatedWeeks(of: $0) }.filter { $0.labels["illness"] == 1 }.count
            try await client.execute(uri: "/api/v1/weeks?label=illness&limit=100", method: .get, headers: server.headers(.read)) { response in
                let decoded = try response.json(WeekPage.self)
                #expect(decoded.total == ill, "weeks match on their own illness label")
                #expect(decoded.items.allSatisfy { $0.labels["illness"] == 1 })
            }
        }
    }

    @Test func weekDetailHasEveryBinWithTimesAndGaps() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        let series = server.simulator.weeks(of: server.simulator.user(at: 0))[0]
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/weeks/1", method: .get, headers: server.headers(.read)) { response in
                let week = try response.json(WeekDetail.self)
                #expect(week.bin_count == 4096)
                #expect(week.series.time.count == 4096)
                #expect(abs(week.series.time[1] - week.series.time[0] - 147.65625) < 1e-6)
                #expect(week.series.time[0] == series.utcTimestamp(ofBin: 0))
                for bin in 0..<4096 {
                    if series.observed[bin] > 0 {
                        #expect(week.series.heart_rate[bin] == series.heartRate[bin])
                    } else {
                        #expect(week.series.heart_rate[bin] == nil)
                    }
                }
                #expect(week.context_mask_values["asleep"]?.count == 4096)
            }
        }
    }

    @Test func weekAsCSVHasAHeaderAndOneRowPerBin() async throws {
        let server = try TestServer(users: 1, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            try await client.execute(uri: "/api/v1/weeks/1?format=csv", method: .get, headers: server.headers(.read)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = response.text.split(separator: "\r\n")
                #expect(lines.count == 4097)
                #expect(lines[0] == "bin,time_utc,time_local,heart_rate,steps,observed,asleep,workout")
                #expect(lines[1].hasPrefix("0,2026-03-0"))
            }
        }
    }
}

extension CohortRouteTests.WeekPage {
    struct Items: Decodable { let items: [Week] }
}
