/// Reads decimal numbers written as ASCII bytes (`74`, `0.12`, `-3.5e2`) without building a `String`.
enum DecimalText {
    /// The number, correctly rounded; nil for empty or non-numeric text.
    ///
    /// Up to 15 significant digits and 22 decimals are computed directly (both operands are exact, so
    /// the one division rounds correctly); longer numbers and exponents go through `Double(String)`.
    static func double(_ text: ArraySlice<UInt8>) -> Double? {
        var index = text.startIndex
        var negative = false
        if index < text.endIndex, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var decimals = 0
        var seenPoint = false
        while index < text.endIndex {
            let byte = text[index]
            if byte >= 48 && byte <= 57 {
                mantissa = mantissa &* 10 &+ Int64(byte - 48)
                digits += 1
                if seenPoint { decimals += 1 }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        guard index == text.endIndex, digits > 0, digits <= 15, decimals <= 22 else {
            guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
            return value
        }
        let value = Double(mantissa) / powersOfTen[decimals]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}
