/// A daily window of local clock time, `[startHour, endHour)` in hours (0 … 24), wrapping past midnight
/// when `endHour < startHour`: 22–06 is 22:00 to 06:00 the next morning, on every day of the week.
///
/// A bin belongs to the window when the local time at its midpoint does. Bin b covers
/// `[b, b + 1) · 147.65625 s` after Monday 00:00 local time, so its midpoint falls at hour
/// `((b + 0.5) · 147.65625 s mod 86,400 s) / 3,600`. Equal start and end hours make an empty window;
/// 0–24 is the whole day.
public struct LocalHourWindow: Codable, Sendable, Equatable {
    public var startHour: Double
    public var endHour: Double

    public init(startHour: Double, endHour: Double) {
        self.startHour = startHour
        self.endHour = endHour
    }

    /// Seconds in one bin of the week grid (604,800 s / 4,096).
    public static let binSeconds = 147.65625

    /// Local hour of day (0 ..< 24) at the midpoint of `bin`.
    public static func localHour(ofBin bin: Int) -> Double {
        ((Double(bin) + 0.5) * binSeconds).truncatingRemainder(dividingBy: 86_400) / 3600
    }

    public func contains(hour: Double) -> Bool {
        startHour <= endHour
            ? hour >= startHour && hour < endHour
            : hour >= startHour || hour < endHour
    }

    /// One entry per bin of a week (4,096): true where the bin's midpoint lies in the window.
    public var binMask: [Bool] {
        (0..<SequenceInputEncoding.binCount).map { contains(hour: Self.localHour(ofBin: $0)) }
    }

    /// Nil when both hours lie in 0 … 24, else what is wrong.
    public var invalidReason: String? {
        let range = 0.0...24.0
        guard range.contains(startHour), range.contains(endHour) else {
            return "window hours must lie in 0 … 24, got \(startHour)–\(endHour)"
        }
        return nil
    }

    /// `HH:MM–HH:MM`, e.g. `22:00–06:00`.
    public var label: String {
        func clock(_ hour: Double) -> String {
            let minutes = Int((hour * 60).rounded())
            let (h, m) = (minutes / 60, minutes % 60)
            return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
        }
        return "\(clock(startHour))–\(clock(endHour))"
    }
}
