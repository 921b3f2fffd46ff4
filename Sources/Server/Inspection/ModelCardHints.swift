import Foundation
import Inspection

/// The parts of a model card (`auscult.model_card/1`, see `ModelCard`) that say how to feed a model
/// and read it; every field optional, so that a card written by hand for an uploaded model may name
/// only what the graph leaves ambiguous.
struct ModelCardHints: Decodable, Sendable {
    struct Input: Decodable, Sendable {
        /// `series` or `metadata`.
        var role: String?
        var shape: [Int]?
        var channels: [String]?
    }

    struct Output: Decodable, Sendable {
        /// `per_step` or `pooled`.
        var role: String?
        var timeAxis: Int?
    }

    struct Tensor: Decodable, Sendable {
        var name: String
        /// `NCT` or `NTC`; inferred from the shape when absent.
        var layout: String?
    }

    struct Task: Decodable, Sendable {
        var label: String?
        var kind: String?
    }

    var name: String?
    var description: String?
    var inputs: [String: Input]?
    var outputs: [String: Output]?
    var inspectableTensors: [Tensor]?
    var task: Task?

    /// Decodes card JSON (snake_case keys); an empty text or `{}` is a card with no hints.
    static func decode(_ text: String) throws -> ModelCardHints {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return ModelCardHints() }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ModelCardHints.self, from: Data(trimmed.utf8))
    }

    /// The input whose role is `role`, by name.
    func input(role: String) -> (name: String, input: Input)? {
        inputs?.sorted { $0.key < $1.key }.first { $0.value.role == role }.map { ($0.key, $0.value) }
    }

    /// The output whose role is `role`, by name.
    func output(role: String) -> String? {
        outputs?.sorted { $0.key < $1.key }.first { $0.value.role == role }?.key
    }
}
