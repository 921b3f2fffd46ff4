/// Where the unit and time axes of a rank-3 intermediate tensor are.
///
/// `NCT`: (batch, units, time), as convolutions produce. `NTC`: (batch, time, units), as LSTM features
/// and per-step heads produce. The raw values are the ones `ModelCard.TensorInfo.layout` stores.
public enum TimeAxisLayout: String, Codable, Sendable, CaseIterable {
    case nct = "NCT"
    case ntc = "NTC"
}
