import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Testing
import Wearables

@testable import Server

/// `PUT /api/v1/users/{external_id}` and `POST /api/v1/labels`.
struct LabelRouteTests {
    struct User: Decodable {
        struct Device: Decodable { let family: String; let model: String; let generation: Int? }
        let external_id: String
        let birth_year: Int?
        let sex: String
        let labels: [String: Double]
        let device: Device
    }

    struct Outcome: Decodable {
        struct Refused: Decodable { let line: Int; let user: String?; let reason: String }
        let rows: Int
        let applied: Int
        let refused: [Refused]
        let labels: [String]
        let users: Int
        let week_rows: Int
    }

    @Test func putCreatesAWearerThenUpdatesItAndRefusesBadValuesByName() async throws {
        let server = try TestServer(users: 2, weeksPerUser: 1)
        try await server.application.test(.router) { client in
            let body = #"{"birth_year": 1961, "sex": "male", "device": "Watch1,1", "labels": {"sleep_apnea": 1, "hba1c": 6.1}}"#
            let created = try await client.execute(uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.upload), body: ByteBuffer(string: body))
            #expect(created.status == .created, "\(created.text)")
            let user = try created.json(User.self)
            #expect(user.external_id == "study-17" && user.birth_year == 1961 && user.sex == "male")
            #expect(user.labels == ["sleep_apnea": 1, "hba1c": 6.1], "label names are kept as written")
            #expect(user.device.family == "apple_watch" && user.device.model == "Watch1,1" && user.device.generation == 1)
            let updated = try await client.execute(
                uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.upload), body: ByteBuffer(string: #"{"labels": {"sleep_apnea": 0}}"#))
            #expect(updated.status == .ok)
            #expect(try updated.json(User.self).labels == ["sleep_apnea": 0, "hba1c": 6.1])
            let badSex = try await client.execute(
                uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.upload), body: ByteBuffer(string: #"{"sex": "robot"}"#))
            #expect(badSex.status == .unprocessableContent)
            #expect(try badSex.json(ErrorEnvelope.self).error.details?["field"] == "sex")
            let badLabel = try await client.execute(
                uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.upload), body: ByteBuffer(string: #"{"labels": {"Sleep Apnea": 1}}"#))
            #expect(badLabel.status == .unprocessableContent)
            let nothing = try await client.execute(uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.upload), body: ByteBuffer(string: "{}"))
            #expect(nothing.status == .badRequest)
            let readOnly = try await client.execute(uri: "/api/v1/users/study-17", method: .put, headers: server.headers(.read), body: ByteBuffer(string: body))
            #expect(readOnly.status == .forbidden)
        }
    }

    @Test func aLabelsCSVIsAppliedRowByRowInOneTransactionWithEveryRefusalExplained() async throws {
        let server = try TestServer(users: 3, weeksPerUser: 2)
        let users = try await server.database.users(matching: CohortFilter(), page: PageRequest(limit: 10, offset: 0)).items
        let first = users[0].record.externalId
        let second = users[1].record.externalId
        let weeks = try await server.database.weeks(ofUser: users[0].id)
        let csv = """
            user,week_start,sex,fever,sleep_apnea
            \(first),,female,,1
            \(second),,,0.5,
            \(first),\(weeks[1].start),,,0
            \(first),2020-01-06,,,1
            nobody,,,,1
            \(second),,,high,
            \(second),,robot,,
            \(first),2026-03-04,,,1
            \(second),,,,

            """
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/labels", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: csv))
            #expect(response.status == .ok, "\(response.text)")
            let outcome = try response.json(Outcome.self)
            #expect(outcome.rows == 9 && outcome.applied == 3 && outcome.users == 2 && outcome.week_rows == 1)
            #expect(outcome.labels == ["fever", "sleep_apnea"])
            #expect(outcome.refused.map(\.line) == [5, 6, 7, 8, 9, 10])
            #expect(outcome.refused[0].reason.contains("has no week starting 2020-01-06"))
            #expect(outcome.refused[1].reason == "no user with external id 'nobody'")
            #expect(outcome.refused[2].reason.contains("fever must be a number"))
            #expect(outcome.refused[3].reason.contains("sex must be"))
            #expect(outcome.refused[4].reason.contains("Monday"))
            #expect(outcome.refused[5].reason.contains("no label and no metadata"))
            let noUser = try await client.execute(
                uri: "/api/v1/labels", method: .post, headers: server.headers(.upload), body: ByteBuffer(string: "id,sleep_apnea\na,1\n"))
            #expect(noUser.status == .badRequest)
            #expect(try noUser.json(ErrorEnvelope.self).error.code == "invalid_csv")
        }
        let firstUser = try await server.database.user(externalID: first)
        #expect(firstUser.record.sex == "female" && firstUser.labels["sleep_apnea"] == 1)
        #expect(try await server.database.user(externalID: second).labels["fever"] == 0.5)
        let split = CohortSplit(rawValue: firstUser.record.split)!
        let labelled = try await server.database.labelledWeeks(split: split, label: "sleep_apnea").filter { $0.week.userID == firstUser.id }
        #expect(labelled.map(\.label) == [1, 0], "the week row overrides the wearer's label for that week only")
        let summaries = try await server.database.weeks(ofUser: firstUser.id)
        #expect(summaries.map { $0.labels["sleep_apnea"] } == [nil, 0], "a week lists its own labels only")
    }
}
