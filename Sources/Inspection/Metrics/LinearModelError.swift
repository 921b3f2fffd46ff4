/// Why a linear model could not be fitted.
public enum LinearModelError: Error, Equatable, CustomStringConvertible {
    case noRows
    case featureNameCount(names: Int, columns: Int)
    case raggedRow(row: Int, count: Int, expected: Int)
    case labelCount(labels: Int, rows: Int)
    case notFinite(row: Int, feature: String, value: Double)
    case notFiniteLabel(row: Int, value: Double)
    case labelNotBinary(row: Int, value: Double)
    case singleClass(label: Double, rows: Int)
    case invalidPenalty(Double)
    case singularSystem(features: Int)

    public var description: String {
        switch self {
        case .noRows:
            "there are no rows to fit"
        case .featureNameCount(let names, let columns):
            "\(names) feature names were given for \(columns) feature columns"
        case .raggedRow(let row, let count, let expected):
            "row \(row) has \(count) features; the first row has \(expected)"
        case .labelCount(let labels, let rows):
            "\(labels) labels were given for \(rows) rows"
        case .notFinite(let row, let feature, let value):
            "row \(row), feature '\(feature)' is \(value); every feature must be finite"
        case .notFiniteLabel(let row, let value):
            "the label of row \(row) is \(value); every label must be finite"
        case .labelNotBinary(let row, let value):
            "the label of row \(row) is \(value); logistic regression needs labels 0 or 1"
        case .singleClass(let label, let rows):
            "all \(rows) labels are \(label); logistic regression needs both classes"
        case .invalidPenalty(let l2):
            "the l2 penalty is \(l2); it must be finite and ≥ 0"
        case .singularSystem(let features):
            "the \(features) non-constant features are collinear, so the unpenalised fit has no unique solution; "
                + "use an l2 penalty > 0"
        }
    }
}
