/// One simulated week: the series a device would export, and the labels that hold for that week alone
/// (`illness`).
public struct SimulatedWeek: Sendable {
    public let series: WeekSeries
    public let labels: [String: Double]
}
