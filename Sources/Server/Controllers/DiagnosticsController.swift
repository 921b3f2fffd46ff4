import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

/// Whole-split scans of a model's units, run as jobs: dead and static units (`diagnostics/units`) and
/// units that track a context such as sleep (`diagnostics/semantics`).
///
/// The first request starts the job and answers 202 with it; later requests answer 202 while it runs
/// and 200 with the report once it has succeeded (`wait=SECONDS` holds the request until then).
struct DiagnosticsController {
    let services: InspectionServices
    let models: ModelController

    static let maximumWaitSeconds = 120

    func addRoutes(to models: RouterGroup<AppRequestContext>) {
        models.get("{id}/diagnostics/units", use: units)
        models.get("{id}/diagnostics/semantics", use: semantics)
        models.post("{id}/probes", use: probes)
        models.post("{id}/synthetic-training", use: syntheticTraining)
    }

    struct SyntheticTrainingRequest: Decodable {
        var task: String?
        var epochs: Int?
        /// Fine-tune on the real label afterwards (and train a copy on it from scratch to compare).
        var pretrain: Bool?
        /// The real label (default: the model card's task label).
        var label: String?
        var seed: UInt64?
    }

    static let maximumEpochs = 50

    /// `POST /api/v1/models/{id}/synthetic-training {task, epochs, pretrain}`: a learnability run, as a job.
    @Sendable func syntheticTraining(request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await models.loadedModel(requireID("id", in: context))
        let input = try await decodeJSONBody(
            SyntheticTrainingRequest.self, from: request, example: #"{"task": "std_day_minus_night", "epochs": 5}"#)
        let task = try SyntheticController.task(input.task ?? "")
        let epochs = input.epochs ?? 5
        guard (1...Self.maximumEpochs).contains(epochs) else {
            throw APIError.invalidParameter("epochs", "'epochs' must be 1 to \(Self.maximumEpochs); got \(epochs)")
        }
        guard let card = try? ModelCard.decode(jsonText: model.summary.card) else {
            throw APIError(
                .unprocessableContent, code: "no_architecture",
                message: "model \(model.id)'s card has no Auscult architecture to re-create; learnability runs need a model trained by Auscult (auscult demo, or an earlier run)")
        }
        var label: String?
        if input.pretrain ?? false {
            label = input.label ?? card.task.label
            let labels = try await services.database.labelSummaries()
            guard let name = label, labels.contains(where: { $0.name == name && $0.isBinary }) else {
                throw APIError(
                    .unprocessableContent, code: "unknown_label",
                    message: "fine-tuning needs a binary label users have; '\(label ?? "")' is not one of \(labels.filter(\.isBinary).map(\.name).joined(separator: ", "))")
            }
        }
        let plan = LearnabilityJob.Plan(model: model, card: card, task: task, epochs: epochs, pretrainLabel: label, seed: input.seed ?? 1)
        let services = services
        let job = try await services.jobs.job(
            kind: "synthetic_training",
            parameters: [
                "model_id": String(model.id), "sha256": model.summary.sha256, "task": task.rawValue, "epochs": String(epochs),
                "pretrain_label": label ?? "", "seed": String(plan.seed),
            ],
            total: nil
        ) { progress in
            try await LearnabilityJob.run(plan, services: services, progress: progress)
        }
        return try await respond(job, reader: QueryReader(request))
    }

    struct ProbeRequest: Decodable {
        var task: String?
        var tensors: [String]?
        var l2: Double?
        var options: SyntheticTaskOptions?
    }

    /// `POST /api/v1/models/{id}/probes {task, tensors, l2, options}`: linear probes of every (or the named)
    /// inspectable tensor for a synthetic target, as a job; answered like the scans.
    @Sendable func probes(request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await models.loadedModel(requireID("id", in: context))
        let input = try await decodeJSONBody(ProbeRequest.self, from: request, example: #"{"task": "std_day_minus_night"}"#)
        let task = try SyntheticController.task(input.task ?? "")
        let options = input.options ?? SyntheticTaskOptions()
        if let problem = options.invalidReason {
            throw APIError.invalidParameter("options", problem)
        }
        let tensors = try (input.tensors ?? model.binding.inspectable.map(\.name)).map { try ActivationController.tensor(named: $0, in: model) }
        let l2 = input.l2 ?? 1
        guard l2 >= 0, l2.isFinite else { throw APIError.invalidParameter("l2", "'l2' must be 0 or more") }
        let services = services
        let optionsText = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        let job = try await services.jobs.job(
            kind: "probe",
            parameters: [
                "model_id": String(model.id), "sha256": model.summary.sha256, "task": task.rawValue,
                "tensors": tensors.map(\.name).joined(separator: ","), "l2": String(l2), "options": optionsText,
            ],
            total: nil
        ) { progress in
            try await ProbeJob.run(services: services, model: model, task: task, tensors: tensors, l2: l2, options: options, progress: progress)
        }
        return try await respond(job, reader: QueryReader(request))
    }

    @Sendable func units(request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await models.loadedModel(requireID("id", in: context))
        let reader = QueryReader(request)
        let split = try reader.choice("split", as: CohortSplit.self) ?? .tuning
        let services = services
        let tensors = model.binding.inspectable
        let job = try await services.jobs.job(
            kind: "unit_scan", parameters: ["model_id": String(model.id), "sha256": model.summary.sha256, "split": split.rawValue], total: nil
        ) { progress in
            let ids = try await services.weekIDs(split: split)
            let scanTensors = tensors.map {
                UnitScanTensor(name: $0.name, layout: $0.layout, activity: $0.opType == "Relu" ? .positive : .nonZero, upstream: $0.upstream)
            }
            var accumulator = UnitScanAccumulator(tensors: scanTensors)
            try await SplitScan.run(services: services, model: model, weekIDs: ids, tensors: tensors, progress: progress) { week in
                try accumulator.add(week: week.matrices)
            }
            return String(decoding: try SnakeCaseJSON(accumulator.report()).data(), as: UTF8.self)
        }
        return try await respond(job, reader: reader)
    }

    @Sendable func semantics(request: Request, context: AppRequestContext) async throws -> Response {
        let model = try await models.loadedModel(requireID("id", in: context))
        let reader = QueryReader(request)
        let split = try reader.choice("split", as: CohortSplit.self) ?? .tuning
        guard let contextName = reader.string("context") else {
            throw APIError.invalidParameter("context", "name the context to rank units against, e.g. context=asleep")
        }
        let available = try await services.database.contextMaskNames(split: split)
        guard available.contains(contextName) else {
            throw APIError(
                .unprocessableContent, code: "unknown_context",
                message: "no week of the \(split.rawValue) split carries a '\(contextName)' mask; available: \(available.joined(separator: ", "))",
                details: ["parameter": "context", "valid": available.joined(separator: ",")])
        }
        let services = services
        let tensors = model.binding.inspectable
        let job = try await services.jobs.job(
            kind: "semantic_scan",
            parameters: ["model_id": String(model.id), "sha256": model.summary.sha256, "split": split.rawValue, "context": contextName],
            total: nil
        ) { progress in
            let ids = try await services.weekIDs(split: split)
            var accumulator = SemanticUnitAccumulator(context: contextName, tensors: tensors.map { ($0.name, $0.layout) })
            try await SplitScan.run(services: services, model: model, weekIDs: ids, tensors: tensors, progress: progress) { week in
                guard let mask = week.contextMasks[contextName] else { return }
                try accumulator.add(week: week.matrices, mask: mask)
            }
            return String(decoding: try SnakeCaseJSON(accumulator.report()).data(), as: UTF8.self)
        }
        return try await respond(job, reader: reader)
    }

    /// 200 with the job and its report once it has succeeded, else 202 with the job (after waiting up to
    /// `wait` seconds for it); 500 with the job's error if it failed.
    func respond(_ started: JobRecord, reader: QueryReader) async throws -> Response {
        let wait = try reader.integer("wait", default: 0, range: 0...Self.maximumWaitSeconds)
        let job = try await services.database.job(id: started.id!, waitingUpTo: wait)
        if job.state == .failed {
            throw APIError(.internalServerError, code: "job_failed", message: "job \(job.id ?? 0) failed: \(job.error ?? "unknown error")",
                           details: ["job": "/api/v1/jobs/\(job.id ?? 0)"])
        }
        let status: HTTPResponse.Status = job.state == .succeeded ? .ok : .accepted
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .accepted { headers[.location] = "/api/v1/jobs/\(job.id ?? 0)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: .init(bytes: try JobResponse.body(job, resultKey: "report"))))
    }
}
