import Inspection

/// Writes a `GradientProfile` with its per-bin arrays (each channel's values, `l2`, `log10L2`) as
/// `FloatArrayJSON`: the same keys and numbers as its own `Codable` form, without `JSONEncoder`'s
/// per-element cost. One week's profile is ~20,000 floats, about 25 ms through the generic encoder on
/// Linux, which ran on a cooperative thread and held up every other request behind it.
@propertyWrapper
struct GradientProfileJSON: Encodable, Sendable {
    var wrappedValue: GradientProfile

    init(wrappedValue: GradientProfile) {
        self.wrappedValue = wrappedValue
    }

    private struct Form: Encodable {
        struct Channel: Encodable {
            var name: String
            var values: FloatArrayJSON
        }

        var channels: [Channel]
        var l2: FloatArrayJSON
        var log10L2: FloatArrayJSON
        var peak: Float
        var peakBin: Int
        var centreBin: Int?
        var horizon: GradientProfile.Horizon?
        var l1: Float
    }

    func encode(to encoder: any Encoder) throws {
        let profile = wrappedValue
        try Form(
            channels: profile.channels.map { Form.Channel(name: $0.name, values: FloatArrayJSON($0.values)) },
            l2: FloatArrayJSON(profile.l2), log10L2: FloatArrayJSON(optional: profile.log10L2), peak: profile.peak,
            peakBin: profile.peakBin, centreBin: profile.centreBin, horizon: profile.horizon, l1: profile.l1
        ).encode(to: encoder)
    }
}
