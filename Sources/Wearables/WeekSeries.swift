/// One user-week resampled to the 4,096-bin `WeekGrid`.
///
/// Channels, each `WeekGrid.binCount` long:
/// - `heartRate`: mean beats per minute of the samples in the bin; 0 where `observed` is 0.
/// - `steps`: steps counted in the bin (a step-count interval spread over the bins it overlaps in
///   proportion to the overlap).
/// - `observed`: 1 where at least one heart-rate sample fell in the bin, else 0.
/// Context masks say what the source knows the wearer was doing in each bin (`asleep` from sleep
/// analysis, `workout` from recorded workouts); a mask is absent when the source does not know.
public struct WeekSeries: Hashable, Sendable {
    /// Monday the week starts on, in the wearer's local time.
    public var start: LocalDate
    /// Seconds east of UTC at the week's start (e.g. 3600 for CET).
    public var utcOffsetSeconds: Int
    public var heartRate: [Float]  // (4096,) bpm
    public var steps: [Float]  // (4096,) steps per bin
    public var observed: [Float]  // (4096,) 0 or 1
    public var contextMasks: [String: [Bool]]  // name -> (4096,)

    public init(
        start: LocalDate, utcOffsetSeconds: Int, heartRate: [Float], steps: [Float], observed: [Float],
        contextMasks: [String: [Bool]] = [:]
    ) {
        self.start = start
        self.utcOffsetSeconds = utcOffsetSeconds
        self.heartRate = heartRate
        self.steps = steps
        self.observed = observed
        self.contextMasks = contextMasks
    }

    /// Names of the stored channels, in storage order.
    public static let channelNames = ["heart_rate", "steps", "observed"]

    /// Fraction of bins with an observed heart rate, 0 … 1.
    public var coverage: Double {
        guard !observed.isEmpty else { return 0 }
        return Double(observed.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }) / Double(observed.count)
    }

    /// Weeks below this coverage are kept but flagged as `lowCoverage`.
    public static let minimumCoverage = 0.5

    public var isLowCoverage: Bool { coverage < Self.minimumCoverage }

    /// Seconds since 1970 (UTC) at the start of `bin`.
    public func utcTimestamp(ofBin bin: Int) -> Double {
        let midnight = start.midnightUTC?.timeIntervalSince1970 ?? 0
        return midnight - Double(utcOffsetSeconds) + Double(bin) * WeekGrid.binSeconds
    }
}
