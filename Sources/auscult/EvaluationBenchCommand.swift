import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Inspection
import NeuralEngine
import ONNXFormat
import Server
import Store
import Wearables

/// `auscult bench evaluation`: weeks per second of a whole evaluation (read, decode, forward, store the
/// predictions, compute the metrics) of the DeepHeart-size model, over HTTP, with the batches written
/// out so that `scripts/bench_evaluation.py` can time ONNX Runtime on exactly the same inputs.
struct EvaluationBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluation",
        abstract: "Time an evaluation of the DeepHeart-size model over the train split (about 1,000 weeks).",
        discussion: """
            Seeds a simulated cohort of --users users × 2 weeks into an empty --data-dir (the train split then \
            holds about 1,000 weeks), stores the DeepHeart-size benchmark model, starts the service on a free \
            loopback port, asks for an evaluation of the train split on sleep_apnea without the series ablation, \
            and times it until its job has succeeded. With --dump DIR, also writes the model (model.onnx), every \
            batch of 16 weeks as series_N.npy / metadata_N.npy, and the stored predictions (predictions.npy), \
            untimed.
            """)

    @OptionGroup var dataDirectory: DataDirectoryOption

    @Option(help: "Users of the simulated cohort (2 weeks each), when the database is empty.")
    var users = 720

    @Option(help: "Directory for the model, the batches and the predictions, for scripts/bench_evaluation.py.")
    var dump: String?

    @Flag(help: "Print one JSON object instead of a line of text.")
    var json = false

    func run() async throws {
        let database = try dataDirectory.openDatabase()
        if try database.userCount() == 0 {
            try database.seedDemoCohortIfEmpty(CohortSimulator(seed: 20_261_130, userCount: users, weeksPerUser: 2))
        }
        try InspectionBenchCommand.storeDeepHeart(in: database)
        let record = try database.model(named: InspectionBenchCommand.deepHeartName)!
        let service = try await LoopbackService.start(database: database, dataDirectory: dataDirectory.url, label: "auscult bench evaluation")
        defer { service.stop() }
        let client = service.client

        let started = DispatchTime.now().uptimeNanoseconds
        let created = try await client.post("models/\(record.id!)/evaluations", json: #"{"split": "train", "label": "sleep_apnea", "ablation": false}"#)
        guard let evaluation = (try JSONSerialization.jsonObject(with: created) as? [String: Any])?["id"] as? Int else {
            throw ValidationError("unexpected answer: \(String(decoding: created, as: UTF8.self))")
        }
        var state = "running"
        var weeks = 0
        while state == "running" {
            try await Task.sleep(for: .milliseconds(20))
            let answer = try JSONSerialization.jsonObject(with: try await client.get("evaluations/\(evaluation)")) as? [String: Any]
            let job = answer?["job"] as? [String: Any]
            state = job?["state"] as? String ?? "failed"
            weeks = job?["progress_total"] as? Int ?? weeks
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard state == "succeeded" else { throw ValidationError("the evaluation's job ended \(state)") }
        if let dump {
            try await write(dump, record: record, evaluation: Int64(evaluation), database: database)
        }
        let result: [String: Any] = ["weeks": weeks, "seconds": seconds, "weeks_per_second": Double(weeks) / seconds, "batch": 16]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print(String(format: "evaluation of %d weeks: %.2f s, %.1f weeks/s (batches of 16, predictions stored)", weeks, seconds, Double(weeks) / seconds))
        }
    }

    /// The model, the evaluated weeks in batches of 16 as the engine was fed them, and the predictions.
    private func write(_ path: String, record: ModelRecord, evaluation: Int64, database: AppDatabase) async throws {
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try record.onnx.write(to: directory.appendingPathComponent("model.onnx"))
        let predictions = try await database.predictions(evaluationID: evaluation)
        try NumpyArray(Tensor(shape: [predictions.count], values: predictions.map { Float($0.prediction) })!)
            .write(to: directory.appendingPathComponent("predictions.npy"))
        for (batch, start) in stride(from: 0, to: predictions.count, by: 16).enumerated() {
            var series: [Float] = []
            var metadata: [Float] = []
            let rows = predictions[start..<min(predictions.count, start + 16)]
            for prediction in rows {
                let week = try await database.week(id: prediction.weekID)
                let encoded = EncodedWeek(week: week, user: try await database.user(id: prediction.userID))
                series += encoded.series.enumerated().filter { $0.offset % 3 < 2 }.map(\.element)  // heart rate, steps
                metadata += encoded.metadata
            }
            try NumpyArray(Tensor(shape: [rows.count, 4096, 2], values: series)!).write(to: directory.appendingPathComponent("series_\(batch).npy"))
            try NumpyArray(Tensor(shape: [rows.count, 4], values: metadata)!).write(to: directory.appendingPathComponent("metadata_\(batch).npy"))
        }
    }
}
