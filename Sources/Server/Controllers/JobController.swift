import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Store

/// `/api/v1/jobs`: long work and its progress.
struct JobController {
    let services: InspectionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.get("{id}", use: get)
        group.get("{id}/events", use: events)
    }

    /// How often `events` looks at the job, and how long it follows one at most.
    static let eventInterval = Duration.milliseconds(250)
    static let maximumEventDuration = Duration.seconds(3600)

    /// `GET /api/v1/jobs/{id}/events`: Server-Sent Events. An `event: progress` with the job (as
    /// `GET /api/v1/jobs/{id}` answers it, without the result) whenever its state or progress changes, then
    /// one `event: done` with the job and its result once it has succeeded or failed; the stream then
    /// ends (also after an hour, when the client goes away, or when the server begins shutting down).
    @Sendable func events(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try requireID("id", in: context)
        _ = try await services.database.job(id: id)  // 404 before the stream starts
        let database = services.database
        let body = ResponseBody { writer in
            var last: JobRecord?
            let deadline = ContinuousClock.now + Self.maximumEventDuration
            while ContinuousClock.now < deadline, !Task.isShuttingDownGracefully {
                let job = try await database.job(id: id)
                let finished = job.state != .running && job.state != .queued
                if finished {
                    try await writer.write(Self.event("done", try JobResponse.body(job)))
                    break
                }
                if job != last {
                    try await writer.write(Self.event("progress", try SnakeCaseJSON(JobResponse(job)).data()))
                    last = job
                }
                try await Task.sleep(for: Self.eventInterval)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static func event(_ name: String, _ data: Data) -> ByteBuffer {
        var buffer = ByteBuffer(string: "event: \(name)\ndata: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        return buffer
    }

    /// The newest jobs (`limit`, default 50), optionally of one `kind`.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[JobResponse]> {
        let reader = QueryReader(request)
        let jobs = try await services.database.jobs(kind: reader.string("kind"), limit: try reader.integer("limit", default: 50, range: 1...1000))
        return SnakeCaseJSON(jobs.map(JobResponse.init))
    }

    /// One job with its result once it has succeeded; `wait=SECONDS` (at most 60) holds the request while
    /// the job runs, so a client can follow it with one request at a time.
    @Sendable func get(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        let id = try requireID("id", in: context)
        let wait = try QueryReader(request).integer("wait", default: 0, range: 0...60)
        let job = try await services.database.job(id: id, waitingUpTo: wait)
        return EncodedBody(bytes: try JobResponse.body(job), contentType: "application/json; charset=utf-8")
    }
}
