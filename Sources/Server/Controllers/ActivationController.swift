import Foundation
import Hummingbird
import Inspection
import Store
import Wearables

/// Per-unit, per-timestep activations of one tensor for one week: binned JSON, or a heatmap PNG.
struct ActivationController {
    let services: InspectionServices
    let models: ModelController

    static let defaultBins = 512
    static let maximumBins = SequenceInputEncoding.binCount

    func addRoutes(to models: RouterGroup<AppRequestContext>) {
        models.get("{id}/weeks/{week}/activations", use: json)
        models.get("{id}/weeks/{week}/activations.png", use: png)
    }

    @Sendable func json(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, png: false)
    }

    @Sendable func png(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        try await answer(request, context, png: true)
    }

    func answer(_ request: Request, _ context: AppRequestContext, png: Bool) async throws -> EncodedBody {
        let model = try await models.loadedModel(requireID("id", in: context))
        let weekID = try requireID("week", in: context)
        let reader = QueryReader(request)
        let tensor = try Self.tensor(named: reader.string("tensor"), in: model)
        let bins = try reader.integer("bins", default: Self.defaultBins, range: 0...Self.maximumBins)
        let key = "\(InspectionServices.modelKey(model)):activations:\(weekID):\(tensor.name):\(bins):\(png ? "png" : "json")"
        let services = services
        return try await services.responses.value(for: key) {
            let (stored, week) = try await services.encodedWeek(id: weekID)
            let tensors = try await services.tensors(of: model, week: week)
            let matrix = try UnitTimeMatrix(tensor: tensors[tensor.name]!, batchRow: 0, layout: tensor.layout, name: tensor.name)
            let heatmap = ActivationHeatmap.summarize(matrix, bins: bins)
            if png {
                let input = Self.heatmapInput(heatmap, model: model, tensor: tensor, weekID: weekID)
                return EncodedBody(bytes: try PNGEncoder.encode(HeatmapRenderer.render(input)), contentType: "image/png")
            }
            let response = ActivationsResponse(model: model, week: stored, tensor: tensor, heatmap: heatmap)
            return EncodedBody(bytes: try SnakeCaseJSON(response).data(), contentType: "application/json; charset=utf-8")
        }
    }

    /// What `activations.png` draws: the bin means, coloured over the tensor's value range for the week.
    static func heatmapInput(_ heatmap: ActivationHeatmap, model: LoadedModel, tensor: ModelBinding.TimeTensor, weekID: Int64) -> HeatmapRenderer.Input {
        HeatmapRenderer.Input(
            rows: heatmap.units, columns: heatmap.bins, values: heatmap.mean, valueRange: (heatmap.valueMin, heatmap.valueMax),
            title: "model \(model.id) \(model.summary.name): \(tensor.name) (\(tensor.opType)), week \(weekID)",
            timeTicks: WeekTimeTicks.days)
    }

    /// The named inspectable tensor (the first one when `name` is nil); 404 listing the valid names.
    static func tensor(named name: String?, in model: LoadedModel) throws -> ModelBinding.TimeTensor {
        let binding = model.binding
        guard let name else {
            guard let first = binding.inspectable.first ?? binding.perStep else {
                throw APIError(.unprocessableContent, code: "no_inspectable_tensor", message: "model \(model.id) has no tensor with a time axis to show")
            }
            return first
        }
        guard let tensor = binding.inspectableTensor(named: name) else {
            let valid = binding.inspectable.map(\.name).joined(separator: ", ")
            throw APIError(
                .notFound, code: "unknown_tensor", message: "model \(model.id) has no inspectable tensor '\(name)'; valid: \(valid)",
                details: ["parameter": "tensor", "valid": valid])
        }
        return tensor
    }
}

/// One tensor's activations for one week, binned along time.
struct ActivationsResponse: Encodable, Sendable {
    struct TimeAxis: Encodable, Sendable {
        /// Start of each heatmap bin, UTC.
        var binStartUtc: [Date]
        /// Start of each heatmap bin in the wearer's local time (`YYYY-MM-DDTHH:MM:SS`).
        var binStartLocal: [String]
        /// Seconds one tensor step covers.
        var stepSeconds: Double
    }

    struct UnitAxis: Encodable, Sendable {
        var name: String
        var labels: [String]
    }

    /// `ActivationHeatmap` with its value arrays written by `FloatArrayJSON`.
    struct Heatmap: Encodable, Sendable {
        var units: Int
        var bins: Int
        var steps: Int
        var binStartSteps: [Int]
        var mean: FloatArrayJSON
        var min: FloatArrayJSON
        var max: FloatArrayJSON
        var valueMin: Float
        var valueMax: Float

        init(_ heatmap: ActivationHeatmap) {
            units = heatmap.units
            bins = heatmap.bins
            steps = heatmap.steps
            binStartSteps = heatmap.binStartSteps
            mean = FloatArrayJSON(heatmap.mean)
            min = FloatArrayJSON(heatmap.min)
            max = FloatArrayJSON(heatmap.max)
            valueMin = heatmap.valueMin
            valueMax = heatmap.valueMax
        }
    }

    var modelId: Int64
    var weekId: Int64
    var tensor: ModelBinding.TimeTensor
    var heatmap: Heatmap
    var time: TimeAxis
    var unitAxis: UnitAxis

    init(model: LoadedModel, week: StoredWeek, tensor: ModelBinding.TimeTensor, heatmap: ActivationHeatmap) {
        modelId = model.id
        weekId = week.summary.id
        self.tensor = tensor
        self.heatmap = Heatmap(heatmap)
        let bins = SequenceInputEncoding.binCount
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = TimeZone(secondsFromGMT: week.series.utcOffsetSeconds)
        local.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let starts = heatmap.binStartSteps.dropLast().map { step in
            Date(timeIntervalSince1970: week.series.utcTimestamp(ofBin: min(bins - 1, step * bins / max(1, heatmap.steps))))
        }
        time = TimeAxis(
            binStartUtc: starts, binStartLocal: starts.map(local.string(from:)),
            stepSeconds: WeekGrid.binSeconds * Double(bins) / Double(max(1, heatmap.steps)))
        unitAxis = UnitAxis(name: "unit", labels: (0..<heatmap.units).map { "\(tensor.name)[\($0)]" })
    }
}
