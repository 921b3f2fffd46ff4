/// One wearer of the demo cohort: the profile a real export would give, plus the hidden physiology that
/// generated the series and labels.
public struct SimulatedUser: Sendable, Hashable {
    /// Position in the cohort, 0-based; the external id is `demo-` and index + 1 in four digits.
    public let index: Int
    public let profile: UserProfile
    public let traits: PhysiologyTraits
    /// Seconds east of UTC of the wearer's home time zone, used for every week (no daylight saving).
    public let utcOffsetSeconds: Int

    public init(index: Int, profile: UserProfile, traits: PhysiologyTraits, utcOffsetSeconds: Int) {
        self.index = index
        self.profile = profile
        self.traits = traits
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Age in whole years in the cohort's reference year (`CohortSimulator.referenceYear`).
    public var age: Int {
        CohortSimulator.referenceYear - (profile.birthYear ?? CohortSimulator.referenceYear)
    }
}
