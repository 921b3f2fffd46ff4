/// What is known about one wearer: metadata from the export's profile and the labels a study attached.
public struct UserProfile: Hashable, Codable, Sendable {
    /// The id the uploader uses for this person (study id, pseudonym); unique per database.
    public var externalID: String
    public var birthYear: Int?
    public var sex: Sex
    public var device: DeviceModel
    public var source: DataSource
    /// Outcome labels by name (`sleep_apnea`, `hypertension`, `diabetes`): 0/1 for binary outcomes,
    /// any number for numeric ones. A missing key means the label is unknown, never 0.
    public var labels: [String: Double]

    public init(
        externalID: String, birthYear: Int?, sex: Sex, device: DeviceModel, source: DataSource,
        labels: [String: Double]
    ) {
        self.externalID = externalID
        self.birthYear = birthYear
        self.sex = sex
        self.device = device
        self.source = source
        self.labels = labels
    }

    /// The split this user's weeks belong to (see `CohortSplit`).
    public var split: CohortSplit { CohortSplit(externalID: externalID) }
}
