import Foundation

/// Short labels for plot axes and legends: at most three significant digits, no trailing zeros.
///
/// Magnitudes from 0.01 up to (but not including) 10,000 print positionally (`-1.25`, `0.05`, `1234`); others
/// print as a mantissa with at most one decimal and a power of ten (`3.2e-4`, `1e-3`, `2.5e6`).
enum CompactNumberFormat {
    static func string(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = Double(abs(value))
        let exponent = Int(log10(magnitude).rounded(.down))
        if magnitude >= 0.01 && magnitude < 10_000 {
            let decimals = Swift.max(0, 2 - exponent)
            return trimmed(String(format: "%.\(decimals)f", Double(value)))
        }
        var mantissaExponent = exponent
        var mantissa = (Double(value) / pow(10, Double(exponent)) * 10).rounded() / 10
        if abs(mantissa) >= 10 {
            mantissa /= 10
            mantissaExponent += 1
        }
        return trimmed(String(format: "%.1f", mantissa)) + "e\(mantissaExponent)"
    }

    /// `"1e<exponent>"`, the label of the decade line at 10^exponent.
    static func decade(_ exponent: Int) -> String { "1e\(exponent)" }

    /// Drops trailing zeros after a decimal point, and the point itself when nothing follows it.
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return String(result)
    }
}
