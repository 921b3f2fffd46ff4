import Foundation

/// How findings write numbers and unit lists.
enum ReportText {
    /// `15360` → `"15,360"`, independent of the locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index).isMultiple(of: 3) { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// Three significant digits: `0.000123` → `"0.000123"`, `2.5e-9` → `"2.5e-09"`.
    static func number(_ value: Double) -> String {
        String(format: "%.3g", value)
    }

    /// A fraction as a percentage with two significant digits: `0.0003` → `"0.03%"`.
    static func percent(_ fraction: Double) -> String {
        String(format: "%.2g%%", fraction * 100)
    }

    /// `"1, 3, 7"`; past `limit` units, the first `limit` and a count of the rest.
    static func units(_ units: [Int], limit: Int = 12) -> String {
        let shown = units.prefix(limit).map(String.init).joined(separator: ", ")
        return units.count > limit ? "\(shown), … (\(units.count - limit) more)" : shown
    }

    /// `"act2"`, `"act2 and act3"`, `"a, b and c"`.
    static func names(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
