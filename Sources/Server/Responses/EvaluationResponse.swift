import Foundation
import Store

/// An evaluation, its job, and its metrics once the job has succeeded.
struct EvaluationResponse: Encodable, Sendable {
    var id: Int64
    var modelId: Int64
    var split: String
    var label: String
    var kind: String?
    var createdAt: Date
    var job: JobResponse?
    var metrics: EvaluationMetrics?
    var links: [String: String]

    init(_ record: EvaluationRecord, job: JobRecord?, metrics: EvaluationMetrics?) {
        id = record.id ?? 0
        modelId = record.modelId
        split = record.split
        label = record.label
        kind = record.taskKind
        createdAt = record.createdAt
        self.job = job.map(JobResponse.init)
        self.metrics = metrics
        let base = "/api/v1/evaluations/\(id)"
        links = [
            "self": base, "predictions": "\(base)/predictions", "examples": "\(base)/examples", "strata": "\(base)/strata",
            "baseline": "\(base)/baseline", "loss_patterns": "\(base)/loss-patterns",
        ]
    }
}
