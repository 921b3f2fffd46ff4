// Reads an Apple Health export (zip or xml) with AppleHealthExportReader and prints throughput.
// Built by ../bench_apple_health.sh together with the Wearables sources, in release mode.
import Foundation

/// Counts what the reader hands over, nothing more.
struct CountingSink: SampleSink {
    var samples = 0
    var heartRate = 0
    var unparsable = 0
    var contexts = 0
    mutating func add(_ sample: RawSample) {
        samples += 1
        if sample.kind == .heartRate { heartRate += 1 }
    }
    mutating func countUnparsable(kind: RawSample.Kind) { unparsable += 1 }
    mutating func addContext(_ name: String, start: Date, end: Date) { contexts += 1 }
    mutating func noteUTCOffset(_ seconds: Int) {}
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: apple-health-bench EXPORT [--resampler]")
    exit(2)
}
let url = URL(fileURLWithPath: arguments[1])
let reader = AppleHealthExportReader()
let started = Date()
let summary: AppleHealthSummary
if arguments.contains("--tokenizer") {
    // The XML tokenizer alone, on a bare export.xml.
    let file = try FileHandle(forReadingFrom: url)
    var tokenizer = XMLTokenizer()
    var events = 0
    while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
        try tokenizer.feed(chunk) { _ in events += 1 }
    }
    try tokenizer.finish { _ in events += 1 }
    print("events \(events)")
    summary = AppleHealthSummary(bytesRead: tokenizer.bytesFed)
} else if arguments.contains("--resampler") {
    var sink = WeekResampler(now: Date())
    summary = try reader.read(fileAt: url, into: &sink)
    let weeks = sink.weekSeries()
    print("resampler: read \(sink.read) kept \(sink.kept) dropped \(sink.dropped) weeks \(weeks.count)")
} else {
    var sink = CountingSink()
    summary = try reader.read(fileAt: url, into: &sink)
    print("samples \(sink.samples) (heart rate \(sink.heartRate)), unparsable \(sink.unparsable), contexts \(sink.contexts)")
}
let seconds = Date().timeIntervalSince(started)
let megabytes = Double(summary.bytesRead) / 1_000_000
print("records \(summary.recordsByType.values.reduce(0, +)), devices \(summary.devices.count), warnings \(summary.warnings)")
print(String(format: "%.1f MB of XML in %.2f s: %.1f MB/s", megabytes, seconds, megabytes / seconds))
