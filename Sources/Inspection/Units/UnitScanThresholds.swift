/// The thresholds that decide a unit scan's verdicts. Every field has a default, also when decoding
/// JSON that leaves it out.
public struct UnitScanThresholds: Codable, Sendable, Equatable {
    /// A value is active when it exceeds this (`x > ε` for `.positive`, `|x| > ε` for `.nonZero`).
    public var activeEpsilon: Float
    /// A unit is static when its mean temporal standard deviation (population, per week, averaged over
    /// weeks) is ≤ `staticTolerance · (|mean| + 1e-3)`, `mean` being its mean over every position: a
    /// relative tolerance, with an absolute floor of `1e-3 · staticTolerance` for units near 0.
    public var staticTolerance: Double
    /// A unit is dead when it is active at no more than this fraction of positions (0: at none).
    public var deadFraction: Double
    /// A unit that is neither dead nor static but active at no more than this fraction of positions is
    /// noted as `rarely_active` (nearly dead).
    public var rarelyActiveFraction: Double

    public init(activeEpsilon: Float = 1e-6, staticTolerance: Double = 1e-4, deadFraction: Double = 0,
                rarelyActiveFraction: Double = 0.01) {
        self.activeEpsilon = activeEpsilon
        self.staticTolerance = staticTolerance
        self.deadFraction = deadFraction
        self.rarelyActiveFraction = rarelyActiveFraction
    }

    /// The scale floor added to `|mean|` in the static test.
    public static let staticScaleFloor = 1e-3

    enum CodingKeys: String, CodingKey {
        case activeEpsilon, staticTolerance, deadFraction, rarelyActiveFraction
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = UnitScanThresholds()
        activeEpsilon = try container.decodeIfPresent(Float.self, forKey: .activeEpsilon) ?? defaults.activeEpsilon
        staticTolerance = try container.decodeIfPresent(Double.self, forKey: .staticTolerance) ?? defaults.staticTolerance
        deadFraction = try container.decodeIfPresent(Double.self, forKey: .deadFraction) ?? defaults.deadFraction
        rarelyActiveFraction = try container.decodeIfPresent(Double.self, forKey: .rarelyActiveFraction) ?? defaults.rarelyActiveFraction
    }
}
