/// The kinds of workout a simulated wearer records, with how hard each works the heart and how many
/// steps it produces.
///
/// | kind | share | heart-rate rise, bpm | cadence, steps/min |
/// |---|---|---|---|
/// | run | 0.35 | 60–80 | 150–175 |
/// | cycle | 0.20 | 45–70 | 0 |
/// | strength | 0.20 | 40–55 | Poisson(25) steps per bin |
/// | brisk walk | 0.25 | 40–50 | 110–125 |
enum SimulatedWorkoutKind: CaseIterable {
    case run
    case cycle
    case strength
    case briskWalk

    static let shares: [Double] = [0.35, 0.20, 0.20, 0.25]

    static func sample(using generator: inout SeededRandomNumberGenerator) -> SimulatedWorkoutKind {
        allCases[generator.index(weightedBy: shares)]
    }

    /// Heart-rate rise above the resting level while the workout lasts, bpm.
    var intensityRange: ClosedRange<Double> {
        switch self {
        case .run: 60...80
        case .cycle: 45...70
        case .strength: 40...55
        case .briskWalk: 40...50
        }
    }

    /// Steps per minute on foot, or nil when the steps are not rhythmic (cycling, strength work).
    var cadenceRange: ClosedRange<Double>? {
        switch self {
        case .run: 150...175
        case .briskWalk: 110...125
        case .cycle, .strength: nil
        }
    }

    /// Mean steps per bin when `cadenceRange` is nil.
    var incidentalStepsPerBin: Double {
        self == .strength ? 25 : 0
    }
}
