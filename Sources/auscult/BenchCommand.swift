import ArgumentParser
import Foundation
import NeuralEngine
import ONNXFormat

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks of the inspection engine.",
        subcommands: [Engine.self, InspectionBenchCommand.self, EvaluationBenchCommand.self])

    struct Engine: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time forward and input-gradient passes of a DeepHeart-size model at several batch sizes.",
            discussion: """
                Times the forward pass and forward + gradient of per_step[n, T/2, 0] (one seed per batch row, \
                one backward pass) w.r.t. the inputs and parameters; prints the median of --repeats runs after \
                one warm-up. Without --model, builds the DeepHeart-size architecture (3 Conv1d 128 k5 + BiLSTM \
                2×128, 4,096 steps) with seeded random weights; scripts/make_bench_model.py writes the same \
                architecture as .onnx, and scripts/bench_compare.py compares with ONNX Runtime and PyTorch.
                """)

        @Option(help: "An .onnx model with inputs series (N, T, 2), metadata (N, 4) and output per_step (N, T, 1).")
        var model: String?

        @Option(help: "OpenBLAS threads (default: OpenBLAS's own, the core count or OPENBLAS_NUM_THREADS).")
        var threads: Int?

        @Option(help: "Timed runs per measurement (the median is reported).")
        var repeats: Int = 5

        @Option(help: "Comma-separated batch sizes.")
        var batch: String = "1,16"

        @Option(help: "Timesteps per sequence.")
        var steps: Int = 4096

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Flag(help: "Also print each node's forward and backward time (one run per batch size).")
        var profile = false

        func run() throws {
            let batches = batch.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !batches.isEmpty, batches.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--batch must list positive integers, got '\(batch)'")
            }
            guard repeats > 0, steps > 1 else { throw ValidationError("--repeats must be positive and --steps above 1") }
            if let threads { BLAS.setThreadCount(threads) }

            let makeGraph: (Int) throws -> Graph
            if let model {
                let file = try ONNXModelFile(contentsOf: URL(fileURLWithPath: model))
                let steps = steps
                makeGraph = { batch in
                    try ONNXImporter.importGraph(
                        file.proto, inputShapes: ["series": [batch, steps, 2], "metadata": [batch, 4]],
                        externalDataDirectory: file.externalDataDirectory
                    ).graph
                }
            } else {
                let steps = steps
                makeGraph = { DeepHeartBenchmarkModel.graph(batch: $0, steps: steps) }
            }
            let benchmark = EngineBenchmark(steps: steps, seedStep: steps / 2, makeGraph: makeGraph)
            var results: [EngineBenchmark.Result] = []
            for size in batches {
                results.append(try benchmark.run(batch: size, repeats: repeats))
                if profile {
                    let rows = try benchmark.profile(batch: size)
                    print("batch \(size): forward \(String(format: "%.1f", rows.map(\.forward).reduce(0, +))) ms, "
                        + "backward \(String(format: "%.1f", rows.map(\.backward).reduce(0, +))) ms by node")
                    for row in rows.sorted(by: { $0.forward + $0.backward > $1.forward + $1.backward }).prefix(12) {
                        let name = row.node.padding(toLength: 24, withPad: " ", startingAt: 0)
                        let op = row.opType.padding(toLength: 12, withPad: " ", startingAt: 0)
                        print("  \(name) \(op)" + String(format: " %9.2f ms %9.2f ms", row.forward, row.backward))
                    }
                }
            }
            let report = Report(
                model: model ?? "built-in DeepHeart-size graph (seeded random weights)",
                blasCore: BLAS.coreName, blasThreads: BLAS.threadCount,
                openblasCoretypeEnvironment: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"],
                openblasThreadTimeoutEnvironment: ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"],
                peakResidentMegabytes: EngineBenchmark.peakResidentMegabytes,
                results: results.map(Report.Entry.init))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.table)
            }
        }
    }

    /// What `bench engine` prints; the JSON keys are what scripts/bench_compare.py reads.
    struct Report: Encodable {
        struct Entry: Encodable {
            var batch: Int
            var steps: Int
            var repeats: Int
            var forward_ms: Double
            var forward_ms_per_week: Double
            var gradient_ms: Double
            var gradient_ms_per_week: Double
            var forward_samples_ms: [Double]
            var gradient_samples_ms: [Double]

            init(_ result: EngineBenchmark.Result) {
                batch = result.batch
                steps = result.steps
                repeats = result.repeats
                forward_ms = result.forwardMilliseconds
                forward_ms_per_week = result.forwardMillisecondsPerWeek
                gradient_ms = result.gradientMilliseconds
                gradient_ms_per_week = result.gradientMillisecondsPerWeek
                forward_samples_ms = result.forwardSamples
                gradient_samples_ms = result.gradientSamples
            }
        }

        var model: String
        var blasCore: String
        var blasThreads: Int
        var openblasCoretypeEnvironment: String?
        var openblasThreadTimeoutEnvironment: String?
        var peakResidentMegabytes: Double
        var results: [Entry]

        enum CodingKeys: String, CodingKey {
            case model, results
            case blasCore = "blas_core"
            case blasThreads = "blas_threads"
            case openblasCoretypeEnvironment = "openblas_coretype_env"
            case openblasThreadTimeoutEnvironment = "openblas_thread_timeout_env"
            case peakResidentMegabytes = "peak_rss_mb"
        }

        var table: String {
            func format(_ value: Double) -> String { String(format: "%9.1f", value) }
            var lines = [
                "model: \(model)",
                "OpenBLAS core \(blasCore), \(blasThreads) thread(s); OPENBLAS_CORETYPE=\(openblasCoretypeEnvironment ?? "(unset)"), "
                    + "OPENBLAS_THREAD_TIMEOUT=\(openblasThreadTimeoutEnvironment ?? "(unset)")",
                "batch    steps  forward ms  per week  gradient ms  per week",
            ]
            for entry in results {
                lines.append(
                    "\(String(format: "%5d", entry.batch))  \(String(format: "%7d", entry.steps))  \(format(entry.forward_ms))   "
                        + "\(format(entry.forward_ms_per_week))  \(format(entry.gradient_ms))    \(format(entry.gradient_ms_per_week))")
            }
            lines.append("peak RSS \(String(format: "%.0f", peakResidentMegabytes)) MB (getrusage ru_maxrss)")
            return lines.joined(separator: "\n")
        }
    }
}
