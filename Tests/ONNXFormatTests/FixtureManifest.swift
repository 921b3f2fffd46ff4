import Foundation

/// The `manifest.json` of one reference-fixture case written by `scripts/make_fixtures.py`
/// (format: `Fixtures/README.md`). Only the fields the tests use are decoded.
///
/// Keys are spelled out in `CodingKeys` rather than converted from snake case, because the dictionaries
/// are keyed by ONNX tensor names, which a key strategy would rewrite.
struct FixtureManifest: Decodable {
    struct FileEntry: Decodable {
        let file: String
        let shape: [Int]
        let dtype: String
    }

    struct Digest: Decodable {
        let shape: [Int]
        let sha256: String
        let sum: Double
    }

    struct Run: Decodable {
        let name: String
        let inputs: [String: FileEntry]
        let outputs: [String: FileEntry]
        let intermediates: [String: FileEntry]?
        let constantIntermediates: [String: Digest]?

        enum CodingKeys: String, CodingKey {
            case name, inputs, outputs, intermediates
            case constantIntermediates = "constant_intermediates"
        }
    }

    struct Seed: Decodable {
        let output: String
        let elements: [[Int]]
    }

    struct GradientEntry: Decodable {
        let file: String
        let shape: [Int]
        let float64File: String?

        enum CodingKeys: String, CodingKey {
            case file, shape
            case float64File = "float64_file"
        }
    }

    struct Gradients: Decodable {
        let run: String
        let seed: Seed
        let wrt: [String: GradientEntry]
    }

    let caseName: String
    let model: String
    let opset: [String: Int]
    let opTypes: [String]
    let initializerCount: Int
    let runs: [Run]
    let gradients: Gradients

    enum CodingKeys: String, CodingKey {
        case caseName = "case"
        case model, opset, runs, gradients
        case opTypes = "op_types"
        case initializerCount = "initializer_count"
    }

    /// `Tests/ONNXFormatTests/Fixtures`, found from this source file's path (the folder is excluded from the
    /// target's sources, not bundled as a resource).
    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// The model cases, in the order the generator writes them.
    static let caseNames = [
        "deepheart_torchscript", "deepheart_dynamo", "deepheart_leaky", "gru_small", "keras_conv_bilstm",
        "dynamic_batch",
    ]

    static func directory(of caseName: String) -> URL {
        fixturesDirectory.appendingPathComponent(caseName, isDirectory: true)
    }

    static func load(_ caseName: String) throws -> FixtureManifest {
        let data = try Data(contentsOf: directory(of: caseName).appendingPathComponent("manifest.json"))
        return try JSONDecoder().decode(FixtureManifest.self, from: data)
    }

    func url(of relativePath: String) -> URL {
        FixtureManifest.directory(of: caseName).appendingPathComponent(relativePath)
    }
}
