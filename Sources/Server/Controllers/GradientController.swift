import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

/// `d output[t0] / d input[t]` for every input bin of a week, or averaged over a split, as JSON or as
/// a log-scale plot (`gradients.png`).
struct GradientController {
    let services: InspectionServices
    let models: ModelController

    /// Caps that keep one request's memory and time bounded (stated in the OpenAPI document).
    static let maximumSample = 256
    static let maximumIntegrationSteps = 128

    func addRoutes(to models: RouterGroup<AppRequestContext>) {
        models.get("{id}/weeks/{week}/gradients", use: weekJSON)
        models.get("{id}/weeks/{week}/gradients.png", use: weekPNG)
        models.get("{id}/gradients", use: splitJSON)
        models.get("{id}/gradients.png", use: splitPNG)
    }

    @Sendable func weekJSON(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, weekID: try requireID("week", in: context), png: false)
    }

    @Sendable func weekPNG(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, weekID: try requireID("week", in: context), png: true)
    }

    @Sendable func splitJSON(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, weekID: nil, png: false)
    }

    @Sendable func splitPNG(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, weekID: nil, png: true)
    }

    /// What a gradient request asks for, read and checked from the query.
    struct Query: Sendable {
        var target: GradientTarget
        var threshold: Float
        /// Integration steps for `method=integrated`; nil for plain gradients.
        var integrationSteps: Int?
        /// The split to average over (`weeks=split:NAME`), with the sample size.
        var split: CohortSplit?
        var sample: Int

        var cacheKey: String {
            "\(target.output)|t\(target.t0 ?? -1)|u\(target.unit)|th\(threshold)|ig\(integrationSteps ?? 0)|\(split?.rawValue ?? "-")|s\(sample)"
        }
    }

    func answer(_ request: Request, _ context: AppRequestContext, weekID: Int64?, png: Bool) async throws -> EncodedBody {
        let model = try await models.loadedModel(requireID("id", in: context))
        let query = try Self.query(QueryReader(request), model: model, requireSplit: weekID == nil)
        if query.split == nil, weekID == nil {
            throw APIError.invalidParameter("weeks", "give 'weeks=split:NAME' to average over a split, or ask for one week's gradients")
        }
        let key = "\(InspectionServices.modelKey(model)):gradients:\(query.split == nil ? String(weekID ?? 0) : "split"):\(query.cacheKey):\(png ? "png" : "json")"
        let services = services
        return try await services.responses.value(for: key) {
            let report = try await GradientReport.compute(services: services, model: model, weekID: query.split == nil ? weekID : nil, query: query)
            // Written on a compute lane: a week's profile is thousands of numbers or a plot, work that
            // must not hold a cooperative thread while other requests wait for one.
            return try await services.lanes.run {
                if png {
                    return EncodedBody(bytes: try GradientPlot.png(report), contentType: "image/png")
                }
                return EncodedBody(bytes: try SnakeCaseJSON(report).data(), contentType: "application/json; charset=utf-8")
            }
        }
    }

    static func query(_ reader: QueryReader, model: LoadedModel, requireSplit: Bool) throws -> Query {
        let binding = model.binding
        let outputName = reader.string("output") ?? binding.perStep?.name ?? binding.pooled
        guard let outputName else {
            throw APIError.invalidParameter("output", "the model has no per-step or pooled output to differentiate; name one with 'output'")
        }
        let timeTensor = binding.perStep?.name == outputName ? binding.perStep : binding.inspectableTensor(named: outputName)
        let target: GradientTarget
        if let timeTensor {
            let t0 = try reader.integer("t", default: timeTensor.steps / 2, range: 0...(timeTensor.steps - 1))
            let unit = try reader.integer("unit", default: 0, range: 0...(timeTensor.units - 1))
            target = GradientTarget(output: outputName, layout: timeTensor.layout, t0: t0, unit: unit, centreBin: timeTensor.centreBin(ofStep: t0))
        } else if let shape = model.imported.shapes[outputName], shape.count == 2, model.imported.graph.outputs.contains(outputName) {
            if reader.string("t") != nil {
                throw APIError.invalidParameter("t", "output '\(outputName)' has no time axis; leave 't' out")
            }
            let unit = try reader.integer("unit", default: 0, range: 0...(shape[1] - 1))
            target = GradientTarget(output: outputName, layout: nil, t0: nil, unit: unit, centreBin: nil)
        } else {
            let valid = ([binding.pooled].compactMap { $0 } + [binding.perStep?.name].compactMap { $0 } + binding.inspectable.map(\.name))
            throw APIError(
                .notFound, code: "unknown_tensor",
                message: "model \(model.id) has no output or inspectable tensor '\(outputName)'; valid: \(valid.joined(separator: ", "))",
                details: ["parameter": "output", "valid": valid.joined(separator: ",")])
        }
        let threshold = Float(try reader.double("threshold", range: 1e-12...0.5) ?? 1e-3)
        var integrationSteps: Int?
        switch reader.string("method") {
        case nil, "gradient": break
        case "integrated": integrationSteps = try reader.integer("steps", default: 32, range: 1...maximumIntegrationSteps)
        case let other?: throw APIError.invalidParameter("method", "'method' must be gradient or integrated; got '\(other)'")
        }
        var split: CohortSplit?
        if let weeks = reader.string("weeks") {
            guard weeks.hasPrefix("split:"), let value = CohortSplit(rawValue: String(weeks.dropFirst(6))) else {
                throw APIError.invalidParameter("weeks", "'weeks' must be split:train, split:tuning or split:test; got '\(weeks)'")
            }
            split = value
        }
        if split != nil, integrationSteps != nil {
            throw APIError.invalidParameter("method", "integrated gradients are computed for one week; leave out 'weeks' or 'method'")
        }
        let sample = try reader.integer("sample", default: 64, range: 1...maximumSample)
        return Query(target: target, threshold: threshold, integrationSteps: integrationSteps, split: split, sample: sample)
    }
}
