/// Dead and static units of a model's tensors over a data split, with findings a person can act on.
///
/// Plain `Codable`: the server encodes it with snake_case keys. It holds no NaN or infinity: statistics
/// with nothing to average are 0.
public struct UnitScanReport: Codable, Sendable, Equatable {
    public var weeks: Int
    public var thresholds: UnitScanThresholds
    /// In the order the scan was set up with.
    public var tensors: [TensorUnitReport]
    /// One per (verdict code, tensor), in tensor order then the order of `TensorUnitReport.verdicts`.
    public var findings: [UnitFinding]
}
