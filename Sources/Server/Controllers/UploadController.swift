import Crypto
import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import Store
import Wearables

/// `/api/v1/uploads`: watch-data exports sent as the request body, ingested by a job.
struct UploadController {
    let services: InspectionServices

    func addRoutes(read: RouterGroup<AppRequestContext>, upload: RouterGroup<AppRequestContext>) {
        read.get(use: list)
        read.get("{id}", use: get)
        upload.post(use: create)
    }

    /// Longest `wait` a request may ask for.
    static let maximumWaitSeconds = 600

    /// `POST /api/v1/uploads?user=ID`: the export is the body, streamed to a file (never held in
    /// memory) while its SHA-256 is computed. Its format is recognised by content (415 names what the
    /// file looks like otherwise); the same bytes already ingested for the same wearer answer 200 with
    /// that upload. Otherwise the upload is recorded and an ingest job starts: 202 with the upload
    /// (`wait=SECONDS` holds the request until the job ends: 201 with the report, or 422 with the reason
    /// the export was refused).
    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let reader = QueryReader(request)
        guard let externalID = UserMetadataFields.externalID(reader.string("user")) else {
            throw APIError.invalidParameter("user", "name the wearer: user=EXTERNAL_ID (1 to 200 characters); a new id creates the user")
        }
        let stated: UserMetadataUpdate
        do {
            stated = try UserMetadataFields.read(
                Dictionary(uniqueKeysWithValues: UserMetadataFields.names.compactMap { name in reader.string(name).map { (name, $0) } }))
        } catch {
            throw APIError.invalidParameter(error.field, error.reason)
        }
        let options = IngestOptions(utcOffsetSeconds: try reader.double("utc_offset", range: -14...14).map { Int(($0 * 3600).rounded()) })
        let wait = try reader.integer("wait", default: 0, range: 0...Self.maximumWaitSeconds)
        let filename = reader.string("filename").map { String($0.prefix(255)) }
        let limit = services.limits.maximumUploadBytes
        if let declared = request.headers[.contentLength].flatMap({ Int64($0) }), declared > limit {
            throw Self.tooLarge(limit)
        }
        let received = try await receive(request.body, limit: limit)
        do {
            guard received.byteCount > 0 else {
                throw APIError(.badRequest, code: "invalid_body", message: "the request has no body: send the export file as the body")
            }
            let format: ExportFormat
            do {
                format = try ExportIngestion.detectFormat(fileAt: received.file)
            } catch let failure as ExportIngestion.Failure {
                if case .unsupported = failure {
                    throw APIError(.unsupportedMediaType, code: "unsupported_format", message: failure.description)
                }
                throw APIError(.unprocessableContent, code: "unreadable_export", message: failure.description)
            }
            if let earlier = try await services.database.ingestedUpload(externalID: externalID, sha256: received.sha256) {
                try? FileManager.default.removeItem(at: received.file)
                var body = try await UploadResponse.make(earlier, services: services)
                body.duplicateOf = earlier.id
                return try body.response(status: .ok)
            }
            let upload = try await services.database.createUpload(
                externalID: externalID, filename: filename, byteCount: received.byteCount, sha256: received.sha256)
            let plan = UploadJob.Plan(
                uploadID: upload.id!, externalID: externalID, file: received.file, format: format, options: options, stated: stated)
            let services = services
            let job = try await services.jobs.job(
                kind: "ingest", parameters: ["upload_id": String(upload.id!)], total: Int(clamping: received.byteCount)
            ) { progress in
                try await UploadJob.run(plan, services: services, progress: progress)
            }
            try await services.database.attachJob(job.id!, toUpload: upload.id!)
            return try await respond(uploadID: upload.id!, jobID: job.id!, wait: wait, request: request, context: context)
        } catch {
            try? FileManager.default.removeItem(at: received.file)
            throw error
        }
    }

    /// `GET /api/v1/uploads/{id}`: state, bytes and records processed, and the report once ingested.
    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Response {
        let upload = try await services.database.upload(id: requireID("id", in: context))
        return try await UploadResponse.make(upload, services: services).response(status: .ok)
    }

    /// `GET /api/v1/uploads?user=ID&limit=N`: the newest uploads first.
    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[UploadResponse]> {
        let reader = QueryReader(request)
        let uploads = try await services.database.uploads(
            externalID: reader.string("user"), limit: try reader.integer("limit", default: 50, range: 1...1000))
        var items: [UploadResponse] = []
        for upload in uploads { items.append(try await UploadResponse.make(upload, services: services)) }
        return SnakeCaseJSON(items)
    }

    private func respond(uploadID: Int64, jobID: Int64, wait: Int, request: Request, context: AppRequestContext) async throws -> Response {
        let job = try await services.database.job(id: jobID, waitingUpTo: wait)
        let body = try await UploadResponse.make(try await services.database.upload(id: uploadID), services: services)
        switch job.state {
        case .failed:
            throw APIError(
                .unprocessableContent, code: "ingest_failed", message: "upload \(uploadID): \(job.error ?? "the ingest failed")",
                details: ["upload": "/api/v1/uploads/\(uploadID)", "job": "/api/v1/jobs/\(jobID)"])
        case .succeeded:
            return try body.response(status: .created)
        default:
            var response = try body.response(status: .accepted)
            response.headers[.location] = "/api/v1/uploads/\(uploadID)"
            return response
        }
    }

    /// The body written to a new file in the upload directory, with its size and SHA-256; 413 past
    /// `limit`, 507 when the disk refuses the file (full, a quota or a file-size limit), 503 when the
    /// server begins shutting down meanwhile; the partial file is removed in each case.
    private func receive(_ body: RequestBody, limit: Int64) async throws -> (file: URL, byteCount: Int64, sha256: String) {
        let directory = services.uploadDirectory
        let file = directory.appendingPathComponent("incoming-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw APIError(.internalServerError, code: "storage_error", message: "cannot create a file in the upload directory \(directory.path)")
            }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var hasher = SHA256()
            var count: Int64 = 0
            for try await buffer in body {
                count += Int64(buffer.readableBytes)
                if count > limit { throw Self.tooLarge(limit) }
                if Task.isShuttingDownGracefully { throw Self.shuttingDown }
                buffer.withUnsafeReadableBytes { bytes in hasher.update(bufferPointer: bytes) }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            return (file, count, digest)
        } catch {
            try? FileManager.default.removeItem(at: file)
            if let failure = StorageFailure(error, target: "the upload (in \(directory.path))") {
                throw APIError(
                    failure.kind == .full ? .insufficientStorage : .serviceUnavailable,
                    code: failure.kind == .full ? "insufficient_storage" : "storage_unavailable",
                    message: "the upload was not stored: \(failure.description)", details: ["directory": directory.path])
            }
            throw error
        }
    }

    static let shuttingDown = APIError(
        .serviceUnavailable, code: "shutting_down", message: "the server is shutting down: the upload was not stored; send it again once the server is back")

    static func tooLarge(_ limit: Int64) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", message: "the upload exceeds the limit of \(limit >> 20) MiB")
    }
}

/// An upload as `GET /api/v1/uploads/{id}` answers it; the report (its own JSON, see `IngestReport`)
/// is spliced in as `report` when the upload has been ingested.
struct UploadResponse: Encodable, Sendable {
    var id: Int64
    var user: String?
    var userId: Int64?
    var filename: String?
    var format: String?
    var bytes: Int64
    var sha256: String
    var createdAt: Date
    /// received, running, succeeded or failed.
    var state: String
    var bytesProcessed: Int64
    var recordsProcessed: Int?
    var job: JobResponse?
    var error: String?
    var duplicateOf: Int64?
    var url: String
    var reportText: String?

    enum CodingKeys: String, CodingKey {
        case id, user, userId, filename, format, bytes, sha256, createdAt, state, bytesProcessed, recordsProcessed, job, error
        case duplicateOf, url
    }

    static func make(_ upload: UploadRecord, services: InspectionServices) async throws -> UploadResponse {
        let id = upload.id ?? 0
        let job = try await upload.jobId.asyncMap { try await services.database.job(id: $0) }
        let live = services.ingests.withLock { $0[id] }
        let report = upload.report.flatMap { try? IngestReport.decode($0) }
        let state = upload.report != nil ? "succeeded" : job?.state.rawValue ?? "received"
        return UploadResponse(
            id: id, user: upload.externalId, userId: upload.userId, filename: upload.filename, format: upload.format,
            bytes: upload.byteCount, sha256: upload.sha256, createdAt: upload.createdAt, state: state,
            bytesProcessed: upload.report != nil ? upload.byteCount : live?.bytesProcessed ?? 0,
            recordsProcessed: live?.recordsProcessed ?? report.map { $0.recordsRead.values.reduce(0, +) },
            job: job.map(JobResponse.init), error: job?.error, duplicateOf: nil, url: "/api/v1/uploads/\(id)", reportText: upload.report)
    }

    func response(status: HTTPResponse.Status) throws -> Response {
        var body = try SnakeCaseJSON(self).data()
        body.removeLast()  // the closing brace
        body += Data(",\"report\":".utf8)
        body += Data((reportText ?? "null").utf8)
        body += Data("}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
