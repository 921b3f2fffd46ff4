import Foundation
import Store

/// A job's state and progress; its result (JSON) is embedded by `JobResponse.body(_:result:)`.
struct JobResponse: Encodable, Sendable {
    var id: Int64
    var kind: String
    var state: String
    var progressDone: Int
    var progressTotal: Int?
    var parameters: [String: String]
    var error: String?
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var url: String

    init(_ job: JobRecord) {
        id = job.id ?? 0
        kind = job.kind
        state = job.state.rawValue
        progressDone = job.progressDone
        progressTotal = job.progressTotal
        parameters = (try? JSONDecoder().decode([String: String].self, from: Data(job.parameters.utf8))) ?? [:]
        error = job.error
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        url = "/api/v1/jobs/\(id)"
    }

    /// `{"job": …, "result": …}` with the stored result JSON as it is (null until the job succeeds).
    static func body(_ job: JobRecord, resultKey: String = "result") throws -> Data {
        let jobJSON = try SnakeCaseJSON(JobResponse(job)).data()
        var body = Data("{\"job\":".utf8)
        body += jobJSON
        body += Data(",\"\(resultKey)\":".utf8)
        body += Data((job.state == .succeeded ? job.result : nil).map { $0.utf8 }.map(Array.init) ?? Array("null".utf8))
        body += Data("}".utf8)
        return body
    }
}
