/// The inputs of one week that synthetic targets are computed from (4,096 bins of 147.65625 s from
/// Monday 00:00 local time).
public struct SyntheticWeek: Sendable {
    /// bpm per bin; meaningful only where `observed` is 1.
    public var heartRate: [Float]  // (4096,)
    /// Steps counted in each bin.
    public var steps: [Float]  // (4096,)
    /// 1 where the bin holds a heart-rate sample, else 0.
    public var observed: [Float]  // (4096,)
    /// Context masks the source knows (`asleep`, `workout`), one entry per bin; absent when unknown.
    public var contextMasks: [String: [Bool]]

    /// Every channel and mask must have 4,096 entries (the week grid); a stored week always does.
    public init(heartRate: [Float], steps: [Float], observed: [Float], contextMasks: [String: [Bool]] = [:]) {
        let bins = SequenceInputEncoding.binCount
        precondition(heartRate.count == bins && steps.count == bins && observed.count == bins,
                     "a week has \(bins) bins per channel, got \(heartRate.count), \(steps.count), \(observed.count)")
        for (name, mask) in contextMasks {
            precondition(mask.count == bins, "context mask '\(name)' has \(mask.count) bins, expected \(bins)")
        }
        self.heartRate = heartRate
        self.steps = steps
        self.observed = observed
        self.contextMasks = contextMasks
    }

    func isObserved(_ bin: Int) -> Bool {
        observed[bin] > 0
    }
}
