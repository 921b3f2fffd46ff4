import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Inspection
import Logging
import NeuralEngine
import ONNXFormat
import Server
import Store
import Wearables

/// `auscult bench inspection`: what a user waits for when they ask for a heatmap, over real HTTP on
/// loopback, against the engine's bare forward pass of the same week.
struct InspectionBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspection",
        abstract: "Time activations requests (uncached and cached) over HTTP against the engine's forward pass.",
        discussion: """
            Needs the demo models (auscult demo). Starts the service on a free loopback port in this process, \
            loads the model with one request on a week that is not timed, then for --weeks other tuning weeks \
            times the engine's forward pass of the week (batch 1) and the first activations request for it \
            (uncached: forward run, binning, JSON), and finally --repeats identical requests (cached). Prints \
            medians and the uncached / forward ratio.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Stored model to query.")
    var model = "deepheart-leaky"

    @Flag(help: "Query the DeepHeart-size architecture of `bench engine` instead (3 conv layers of 128 channels, BiLSTM 2×128, seeded weights), stored once as model 'bench-deepheart'.")
    var deepheart = false

    @Option(help: "Tensor to ask for (default: the model's first inspectable tensor).")
    var tensor: String?

    @Option(help: "Distinct weeks timed uncached.")
    var weeks = 10

    @Option(help: "Cached requests timed.")
    var repeats = 100

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() async throws {
        let database = try dataDirectory.openDatabase()
        let model = deepheart ? Self.deepHeartName : self.model
        if deepheart, try database.model(named: model) == nil {
            try Self.storeDeepHeart(in: database)
        }
        guard let record = try database.model(named: model) else {
            throw ValidationError("no model named '\(model)' in \(dataDirectory.path); run auscult demo first")
        }
        let ids = try await database.weeks(matching: CohortFilter(split: .tuning), page: PageRequest(limit: weeks + 1, offset: 0)).items.map(\.id)
        guard ids.count == weeks + 1 else { throw ValidationError("the tuning split has fewer than \(weeks + 1) weeks") }
        let service = try await LoopbackService.start(database: database, dataDirectory: dataDirectory.url, label: "auscult bench inspection")
        defer { service.stop() }
        let client = service.client
        let query = "activations" + (tensor.map { "?tensor=\($0)" } ?? "")
        func path(_ week: Int64) -> String { "models/\(record.id!)/weeks/\(week)/\(query)" }
        _ = try await client.get(path(ids[0]))  // loads and imports the model

        let file = try ONNXModelFile(serializedBytes: record.onnx)
        let seriesChannels = deepheart ? DeepHeartBenchmarkModel.inputChannels : 3
        let graph = try ONNXImporter.importGraph(file.proto, inputShapes: ["series": [1, 4096, seriesChannels], "metadata": [1, 4]]).graph
        let executor = GraphExecutor(graph: graph)
        var forward: [Double] = []
        var uncached: [Double] = []
        for id in ids.dropFirst() {
            let week = try await database.week(id: id)
            let encoded = EncodedWeek(week: week, user: try await database.user(id: week.summary.userID))
            var feeds = TrainingExample.feeds([TrainingExample(series: encoded.series, metadata: encoded.metadata, target: 0)])
            if deepheart {  // heart rate and steps: the first two of the three encoded channels
                let series = encoded.series.enumerated().filter { $0.offset % 3 < 2 }.map(\.element)
                feeds["series"] = Tensor(shape: [1, 4096, 2], values: series)!
            }
            forward.append(try Self.seconds { _ = try executor.run(feeds) })
            uncached.append(try await client.timedGet(path(id)))
        }
        var cached: [Double] = []
        for _ in 0..<repeats {
            cached.append(try await client.timedGet(path(ids.last!)))
        }
        let result = [
            "forward_ms": Self.median(forward) * 1000, "uncached_ms": Self.median(uncached) * 1000,
            "cached_median_ms": Self.median(cached) * 1000, "cached_p99_ms": Self.percentile(cached, 0.99) * 1000,
            "uncached_over_forward": Self.median(uncached) / Self.median(forward),
        ]
        if json {
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("model \(model), \(weeks) weeks uncached, \(repeats) cached requests (medians)")
            print(String(format: "engine forward, 1 week      %8.2f ms", result["forward_ms"]!))
            print(String(format: "activations, uncached       %8.2f ms  (%.2f× forward; target < 2×)", result["uncached_ms"]!, result["uncached_over_forward"]!))
            print(String(format: "activations, cached         %8.2f ms  (p99 %.2f ms; target median < 5 ms)", result["cached_median_ms"]!, result["cached_p99_ms"]!))
        }
    }

    static let deepHeartName = "bench-deepheart"

    static func storeDeepHeart(in database: AppDatabase) throws {
        let graph = DeepHeartBenchmarkModel.graph(batch: -1, steps: 4096)  // any batch: -1 in the input and reshape shapes
        let onnx = try ONNXExporter.serializedBytes(ONNXExporter.export(graph, opset: 17, modelName: deepHeartName, docString: "benchmark weights"))
        let card = #"{"name": "bench-deepheart", "inputs": {"series": {"role": "series", "channels": ["heart_rate", "steps"]}, "metadata": {"role": "metadata"}}}"#
        try database.insertModel(name: deepHeartName, onnx: onnx, card: card, onConflict: .skip)
    }

    static func seconds(_ work: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try work()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}

/// GET requests with a bearer token, timed from send to the last body byte.
struct BenchHTTPClient {
    let base: String
    let token: String

    func get(_ path: String) async throws -> Data {
        var request = URLRequest(url: URL(string: "\(base)/\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw ValidationError("GET \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    func post(_ path: String, json: String) async throws -> Data {
        var request = URLRequest(url: URL(string: "\(base)/\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw ValidationError("POST \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    func timedGet(_ path: String) async throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try await get(path)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Polls until the server accepts connections (at most 10 s).
    func waitUntilServing() async throws {
        for _ in 0..<100 {
            if (try? await URLSession.shared.data(from: URL(string: base.replacingOccurrences(of: "/api/v1", with: "/healthz"))!)) != nil {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the service did not start listening")
    }
}

/// A loopback TCP port nothing listens on right now.
enum FreePort {
    static func find() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ValidationError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw ValidationError("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
