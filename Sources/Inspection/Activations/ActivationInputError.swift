/// Activations or masks that do not have the shape an analysis needs, with the fact that showed it.
///
/// Shapes come from user models, so these are errors to report, never preconditions.
public enum ActivationInputError: Error, Equatable, CustomStringConvertible {
    /// The tensor is not (batch, units, time) or (batch, time, units).
    case notRank3(tensor: String?, shape: [Int])
    case batchRowOutOfRange(tensor: String?, row: Int, batch: Int)
    /// A week lacks a tensor the analysis was set up with.
    case missingTensor(name: String, available: [String])
    /// A later week's tensor has another unit count than the first week's.
    case unitCountChanged(tensor: String, expected: Int, found: Int)
    /// A context mask has fewer entries than the tensor has steps, so some step covers no input bin.
    case maskTooShort(tensor: String, maskLength: Int, steps: Int)
    /// A layout string (from a model card) other than `NCT` or `NTC`.
    case unknownLayout(tensor: String, layout: String)

    public var description: String {
        switch self {
        case .notRank3(let tensor, let shape):
            "\(tensor.map { "tensor '\($0)'" } ?? "tensor") has shape \(shape); expected rank 3, (batch, units, time) or (batch, time, units)"
        case .batchRowOutOfRange(let tensor, let row, let batch):
            "\(tensor.map { "tensor '\($0)'" } ?? "tensor") has batch size \(batch); row \(row) does not exist"
        case .missingTensor(let name, let available):
            "the week has no tensor '\(name)'; it has: \(available.sorted().joined(separator: ", "))"
        case .unitCountChanged(let tensor, let expected, let found):
            "tensor '\(tensor)' has \(found) units in this week but \(expected) in the first week"
        case .maskTooShort(let tensor, let maskLength, let steps):
            "the context mask has \(maskLength) entries but tensor '\(tensor)' has \(steps) steps; expected one entry per input bin"
        case .unknownLayout(let tensor, let layout):
            "tensor '\(tensor)' has layout '\(layout)'; supported: NCT (batch, units, time), NTC (batch, time, units)"
        }
    }
}
