/// Where a user's data came from.
public enum DataSource: String, Codable, Sendable, CaseIterable {
    case appleHealth = "apple_health"
    case fitbit
    case garmin
    case wearOS = "wear_os"
    case csv
    /// The deterministic demo cohort (`CohortSimulator`).
    case simulated
}
