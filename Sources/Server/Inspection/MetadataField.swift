import Store

/// A property of a week or its wearer that strata and baselines can use.
///
/// Categorical fields stratify by value; numeric ones (`age`, `coverage`, `utc_offset_hours`,
/// `device_generation`) by quantile buckets or given edges, and enter baselines as numbers
/// (`sex` as 1 for male, `first_generation_watch` as 0/1).
enum MetadataField: String, CaseIterable, Sendable {
    case sex
    case deviceFamily = "device_family"
    case deviceModel = "device_model"
    case deviceGeneration = "device_generation"
    case firstGenerationWatch = "first_generation_watch"
    case source
    case age
    case coverage
    case utcOffsetHours = "utc_offset_hours"

    /// Stratified by buckets rather than by value.
    var isNumeric: Bool {
        switch self {
        case .age, .coverage, .utcOffsetHours: true
        default: false
        }
    }

    /// Usable as a baseline feature (a number for every week, or unknown).
    var isBaselineFeature: Bool {
        switch self {
        case .deviceFamily, .deviceModel, .source: false
        default: true
        }
    }

    /// The value as a category label; nil when unknown.
    func category(_ week: WeekMetadata) -> String? {
        switch self {
        case .sex: week.sex
        case .deviceFamily: week.deviceFamily
        case .deviceModel: week.deviceModel
        case .deviceGeneration: week.deviceGeneration.map(String.init)
        case .firstGenerationWatch: isFirstGeneration(week) ? "yes" : "no"
        case .source: week.source
        case .age, .coverage, .utcOffsetHours: number(week).map { "\($0)" }
        }
    }

    /// The value as a number; nil when unknown or not numeric.
    func number(_ week: WeekMetadata) -> Double? {
        switch self {
        case .sex: week.sex == "unknown" ? nil : (week.sex == "male" ? 1 : 0)
        case .deviceGeneration: week.deviceGeneration.map(Double.init)
        case .firstGenerationWatch: isFirstGeneration(week) ? 1 : 0
        case .age: week.ageYears.map(Double.init)
        case .coverage: week.coverage
        case .utcOffsetHours: Double(week.utcOffsetSeconds) / 3600
        case .deviceFamily, .deviceModel, .source: nil
        }
    }

    private func isFirstGeneration(_ week: WeekMetadata) -> Bool {
        week.deviceFamily == "apple_watch" && week.deviceGeneration == 1
    }

    /// Parses a comma-separated list of field names; 400 naming the unknown one and the valid ones.
    static func list(_ text: String, parameter: String, allowed: [MetadataField] = MetadataField.allCases) throws -> [MetadataField] {
        try text.split(separator: ",").map { name in
            guard let field = MetadataField(rawValue: String(name).trimmingCharacters(in: .whitespaces)), allowed.contains(field) else {
                throw APIError.invalidParameter(
                    parameter, "'\(name)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
            return field
        }
    }
}
