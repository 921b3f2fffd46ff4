import Foundation
import NeuralEngine
import ONNXFormat
import Store
import Synchronization

/// What the inspection endpoints share: the model registry, the compute lanes, the job runner, and
/// the caches of forward runs and of encoded answers.
final class InspectionServices: Sendable {
    /// Memory bounds of the caches, in bytes.
    struct Limits: Sendable {
        var executionCacheBytes = 256 << 20
        var responseCacheBytes = 64 << 20
        /// Largest ONNX upload accepted.
        var maximumModelBytes = 256 << 20
        /// Largest watch-data export accepted (`POST /api/v1/uploads`).
        var maximumUploadBytes: Int64 = 8 << 30
        /// Expensive requests (`RateLimitMiddleware`) a token may start per minute, and in a burst.
        var expensiveRequestsPerMinute = 30
        var expensiveRequestBurst = 10
        /// Most float32 elements one forward pass may hold (a model over it for one week is refused;
        /// batches are made small enough to stay under it).
        var forwardElementLimit = ONNXImporter.defaultForwardElementLimit
    }

    let database: AppDatabase
    let lanes: ComputeLanes
    let registry: ModelRegistry
    let jobs: JobRunner
    /// Every tensor of one week's forward run, keyed by model and week.
    let weekTensors: ResultCache<[String: Tensor]>
    /// Encoded JSON and PNG answers, keyed by route and parameters.
    let responses: ResultCache<EncodedBody>
    /// Mean weeks of splits (baselines), keyed by split and cohort size.
    let baselines: ResultCache<EncodedWeek>
    let limits: Limits
    /// Where upload bodies are written while they arrive and until their ingest ends.
    let uploadDirectory: URL
    /// Per-token limits on requests that start expensive work.
    let rateLimiter: RateLimiter
    /// Progress of running ingests, by upload id.
    let ingests = Mutex<[Int64: IngestProgress]>([:])

    init(database: AppDatabase, limits: Limits = Limits(), uploadDirectory: URL? = nil) {
        self.database = database
        self.limits = limits
        rateLimiter = RateLimiter(perMinute: limits.expensiveRequestsPerMinute, burst: limits.expensiveRequestBurst)
        self.uploadDirectory = uploadDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("auscult-uploads-\(UUID().uuidString)")
        lanes = ComputeLanes()
        registry = ModelRegistry(database: database, lanes: lanes, forwardElementLimit: limits.forwardElementLimit)
        jobs = JobRunner(database: database)
        weekTensors = ResultCache(capacity: limits.executionCacheBytes) { tensors in
            tensors.values.reduce(0) { $0 + 4 * $1.count }
        }
        responses = ResultCache(capacity: limits.responseCacheBytes) { $0.buffer.readableBytes }
        baselines = ResultCache(capacity: 16 << 20) { 4 * ($0.series.count + $0.metadata.count) }
    }

    /// The cache-key prefix of everything computed from one model.
    static func modelKey(_ model: LoadedModel) -> String {
        "model:\(model.id):\(model.summary.sha256.prefix(16))"
    }

    /// Every tensor of one week run through the model, cached.
    func tensors(of model: LoadedModel, week: EncodedWeek) async throws -> [String: Tensor] {
        let key = "\(Self.modelKey(model)):week:\(week.weekID)"
        let lanes = lanes
        return try await weekTensors.value(for: key) {
            try await lanes.run { try GraphExecutor(graph: model.imported.graph).infer(model.binding.feeds([week])) }
        }
    }

    /// A stored week and its wearer, encoded for the models.
    func encodedWeek(id: Int64) async throws -> (week: StoredWeek, encoded: EncodedWeek) {
        let week = try await database.week(id: id)
        let user = try await database.user(id: week.summary.userID)
        return (week, EncodedWeek(week: week, user: user))
    }

    /// Forgets everything cached about a model (deleted or replaced).
    func forget(modelID: Int64) async {
        await registry.forget(id: modelID)
        await weekTensors.removeAll(withPrefix: "model:\(modelID):")
        await responses.removeAll(withPrefix: "model:\(modelID):")
    }
}
