import Foundation
import Hummingbird
import Store

/// `/api/v1/jobs`: long work and its progress.
struct JobController {
    let services: InspectionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("{id}", use: get)
    }

    /// The newest jobs (`limit`, default 50), optionally of one `kind`.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[JobResponse]> {
        let reader = QueryReader(request)
        let jobs = try await services.database.jobs(kind: reader.string("kind"), limit: try reader.integer("limit", default: 50, range: 1...1000))
        return SnakeCaseJSON(jobs.map(JobResponse.init))
    }

    /// One job with its result once it has succeeded.
    @Sendable func get(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        let job = try await services.database.job(id: requireID("id", in: context))
        return EncodedBody(bytes: try JobResponse.body(job), contentType: "application/json; charset=utf-8")
    }
}
