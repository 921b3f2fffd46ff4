/// Sex as recorded in the export's profile (Apple Health `HKBiologicalSex`, Fitbit profile, …).
public enum Sex: String, Codable, Sendable, CaseIterable {
    case female
    case male
    case unknown
}
