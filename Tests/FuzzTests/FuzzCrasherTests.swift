import Foundation
import Testing

/// Every input in `Crashers/` once crashed, hung or exhausted memory (each campaign also runs them first,
/// as seeds). Each must now be refused with the error that names its cause, or read.
struct FuzzCrasherTests {
    /// What each input now gives: a part of the error's message, or of the description of what was read.
    static let expectations: [String: String] = [
        "archive/end-record-signature-in-the-last-bytes.zip": "the zip archive is damaged",
        "fitbit/year-past-Int.max.json": "ok fitbit weeks 1",
        "google-fit/steps-from-1970-to-2026.json": "invalid_interval",
        "onnx/batch-normalization-missing-inputs.onnx": "needs an input at position 2 (counting from 0), but has 2 of 2 inputs given",
        "onnx/conv-group-overflows.onnx": "channels per group",
        "onnx/lstm-over-an-empty-batch.onnx": "ran true outputs true",
        "onnx/folded-integer-Int.min.onnx": "cannot fold integer -9223372036854775808: integers beyond ±2^24 are not exact in float32",
        "onnx/initializer-dims-overflow.onnx": "has dims [2, 9223372036854775807], more than the 268435456 elements one tensor may hold",
        "onnx/input-of-a-trillion-elements.onnx": "graph input 'x' has shape [1, 1000000000000, 6], more than the 268435456 elements",
        "onnx/range-past-Int.max-steps.onnx": "would make a tensor of shape [9223372036854775807], more than the 268435456 elements",
        "onnx/reshape-target-overflows.onnx": "has too many elements to count",
    ]

    static func targets() throws -> [String: FuzzTarget] {
        let targets = [
            try IngestFuzzTargets.appleXML(), try IngestFuzzTargets.fit(), IngestFuzzTargets.fitbit(), IngestFuzzTargets.googleFit(),
            IngestFuzzTargets.csv(), try IngestFuzzTargets.archive(), try XMLChunkingFuzzTarget.target(), try ONNXFuzzTargets.target(),
        ]
        return Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0) })
    }

    @Test func everyCrasherIsNowRefusedWithItsCauseOrRead() throws {
        let root = FuzzSeeds.packageRoot.appendingPathComponent("Tests/FuzzTests/Crashers")
        let targets = try Self.targets()
        var seen: Set<String> = []
        for target in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path).sorted() {
                let key = "\(target)/\(name)"
                seen.insert(key)
                let run = try #require(targets[target]?.run, "no fuzz target named \(target)")
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("auscult-crasher-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: file) }
                let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent(key)))
                try Data(bytes).write(to: file)
                let outcome: String
                do {
                    outcome = "ok " + (try run(bytes, file))
                } catch {
                    outcome = "\(error)"
                }
                let expected = try #require(Self.expectations[key], "\(key) has no expectation; it gave: \(outcome)")
                #expect(outcome.contains(expected), "\(key): \(outcome)")
            }
        }
        #expect(seen == Set(Self.expectations.keys))
    }
}
