import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

/// Evaluations: a model run over a split with every prediction stored, and the analyses over them
/// (metrics, predictions table, top wins and losses, strata, metadata baseline).
struct EvaluationController {
    let services: InspectionServices
    let models: ModelController

    func addRoutes(models: RouterGroup<AppRequestContext>, evaluations: RouterGroup<AppRequestContext>) {
        models.post("{id}/evaluations", use: create)
        evaluations.get(use: list)
        evaluations.get("{id}", use: get)
        evaluations.get("{id}/predictions", use: predictions)
        evaluations.get("{id}/examples", use: examples)
        evaluations.get("{id}/strata", use: strata)
        evaluations.get("{id}/baseline", use: baseline)
        evaluations.get("{id}/loss-patterns", use: lossPatterns)
    }

    struct CreateRequest: Decodable {
        var split: String?
        var label: String?
        /// Also run every week with the train split's mean week as its series (default true).
        var ablation: Bool?
    }

    /// `POST /api/v1/models/{id}/evaluations {split, label}`: starts the evaluation job; 202 with the
    /// evaluation and its job.
    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await models.loadedModel(requireID("id", in: context))
        let input = try await decodeJSONBody(CreateRequest.self, from: request, example: #"{"split": "tuning", "label": "sleep_apnea"}"#)
        guard let splitText = input.split, let split = CohortSplit(rawValue: splitText) else {
            throw APIError.invalidParameter("split", "'split' must be train, tuning or test; got \(input.split.map { "'\($0)'" } ?? "nothing")")
        }
        let labels = try await services.database.labelSummaries()
        guard let labelName = input.label, let label = labels.first(where: { $0.name == labelName }) else {
            throw APIError(
                .unprocessableContent, code: "unknown_label",
                message: "no user has the label '\(input.label ?? "")'; labels: \(labels.map(\.name).joined(separator: ", "))",
                details: ["parameter": "label", "valid": labels.map(\.name).joined(separator: ",")])
        }
        guard model.binding.pooled != nil else {
            throw APIError(.unprocessableContent, code: "no_pooled_output", message: "model \(model.id) has no pooled output to evaluate; name it in the model card's outputs")
        }
        let evaluation = try await services.database.createEvaluation(
            modelID: model.id, split: split, label: label.name, taskKind: label.isBinary ? "binary" : "regression")
        let plan = EvaluationJob.Plan(model: model, evaluation: evaluation, split: split, ablation: input.ablation ?? true)
        let services = services
        let job = try await services.jobs.job(
            kind: "evaluation", parameters: ["evaluation_id": String(evaluation.id!)], total: nil
        ) { progress in
            try await EvaluationJob.run(plan, services: services, progress: progress)
        }
        try await services.database.attachJob(job.id!, toEvaluation: evaluation.id!)
        var record = evaluation
        record.jobId = job.id
        let response = EvaluationResponse(record, job: job, metrics: nil)
        return Response(
            status: .accepted,
            headers: [.contentType: "application/json; charset=utf-8", .location: "/api/v1/evaluations/\(evaluation.id!)"],
            body: .init(byteBuffer: .init(bytes: try SnakeCaseJSON(response).data())))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[EvaluationResponse]> {
        let reader = QueryReader(request)
        let modelID = try reader.string("model").map { _ in Int64(try reader.integer("model", default: 0, range: 1...Int(Int32.max))) }
        let records = try await services.database.evaluations(modelID: modelID)
        var responses: [EvaluationResponse] = []
        for record in records {
            let job = try await record.jobId.asyncMap { try await services.database.job(id: $0) }
            responses.append(EvaluationResponse(record, job: job, metrics: nil))
        }
        return SnakeCaseJSON(responses)
    }

    /// The evaluation with its job and, once done, its metrics (recomputed at `threshold` when given).
    @Sendable func get(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<EvaluationResponse> {
        let record = try await services.database.evaluation(id: requireID("id", in: context))
        let job = try await record.jobId.asyncMap { try await services.database.job(id: $0) }
        var metrics: EvaluationMetrics?
        if job?.state == .succeeded {
            let threshold = try QueryReader(request).double("threshold", range: 0...1) ?? 0.5
            metrics = EvaluationMetrics.compute(
                try await services.database.predictions(evaluationID: record.id!), kind: record.taskKind ?? "binary", threshold: threshold)
        }
        return SnakeCaseJSON(EvaluationResponse(record, job: job, metrics: metrics))
    }

    /// One row per week: ids, label, prediction, ablated prediction and the wearer's metadata.
    @Sendable func predictions(request: Request, context: AppRequestContext) async throws -> Response {
        let (record, rows) = try await finishedPredictions(context)
        let table = PredictionTable(rows)
        if try QueryReader(request).wantsCSV() {
            return try CSVTable(header: PredictionTable.header, rows: table.rows, filename: "evaluation-\(record.id!)-predictions.csv")
                .response(from: request, context: context)
        }
        return try SnakeCaseJSON(table.objects).response(from: request, context: context)
    }

    /// The predictions of a finished evaluation; 409 while it runs, 500 with the reason if it failed.
    func finishedPredictions(_ context: AppRequestContext) async throws -> (EvaluationRecord, [StoredPrediction]) {
        let record = try await services.database.evaluation(id: requireID("id", in: context))
        if let jobID = record.jobId {
            let job = try await services.database.job(id: jobID)
            switch job.state {
            case .succeeded: break
            case .failed, .cancelled:
                throw APIError(.internalServerError, code: "job_failed", message: "evaluation \(record.id!) failed: \(job.error ?? "unknown error")")
            case .queued, .running:
                throw APIError(
                    .conflict, code: "not_ready",
                    message: "evaluation \(record.id!) is still running (\(job.progressDone) of \(job.progressTotal.map(String.init) ?? "?") weeks); poll /api/v1/jobs/\(jobID)",
                    details: ["job": "/api/v1/jobs/\(jobID)"])
            }
        }
        return (record, try await services.database.predictions(evaluationID: record.id!))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
