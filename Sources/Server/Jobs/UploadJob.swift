import Foundation
import Store
import Wearables

/// The ingest of one received upload: read the file into weeks on the ingest lane, then store them
/// with the report, and mark the job succeeded, in one transaction. The received file is removed when
/// the job ends, whatever the outcome; a failure stores nothing but the job's error. A cancelled job (a
/// shutdown) stops reading after the chunk or archive entry at hand, and stores nothing.
enum UploadJob {
    struct Plan: Sendable {
        var uploadID: Int64
        var externalID: String
        var file: URL
        var format: ExportFormat
        var options: IngestOptions
        var stated: UserMetadataUpdate
    }

    static func run(_ plan: Plan, services: InspectionServices, progress: JobProgress) async throws -> String {
        let live = IngestProgress()
        services.ingests.withLock { $0[plan.uploadID] = live }
        defer {
            services.ingests.withLock { $0[plan.uploadID] = nil }
            try? FileManager.default.removeItem(at: plan.file)
        }
        let reporter = Task {
            while !Task.isCancelled {
                await progress.update(done: Int(live.bytesProcessed))
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        defer { reporter.cancel() }
        let outcome: IngestOutcome
        do {
            outcome = try await withTaskCancellationHandler {
                try await services.lanes.run(.ingest) {
                    try ExportIngestion.read(fileAt: plan.file, format: plan.format, options: plan.options, progress: live)
                }
            } onCancel: {
                live.cancel()
            }
        } catch let stopped as IngestProgress.Stopped {
            throw JobStopped(progress: "\(stopped); nothing was stored")
        }
        if Task.isCancelled { throw JobStopped(progress: "after reading the export, before storing it") }
        let report = try await ExportIngestion.store(
            outcome, uploadID: plan.uploadID, externalID: plan.externalID, stated: plan.stated, database: services.database,
            completingJob: progress.jobID)
        return try report.jsonText()
    }
}
