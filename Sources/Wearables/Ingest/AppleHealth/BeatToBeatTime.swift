/// The `time` of an `InstantaneousBeatsPerMinute` element (inside a heart-rate-variability record): a
/// wall-clock time formatted in the phone's locale, such as `7:14:27.21 PM` or `19:14:27,21`, with no date.
///
/// Reads `H:MM:SS` with an optional fraction after `.` or `,`, and an optional `AM`/`PM` (`a.m.`/`p.m.`,
/// any case) after ordinary, no-break or narrow no-break spaces. Other day-period words (`午後`,
/// `nachm.`) and times without seconds read as nil.
enum BeatToBeatTime {
    /// Seconds after local midnight.
    static func secondsOfDay(_ text: ArraySlice<UInt8>) -> Double? {
        var index = text.startIndex
        func integer(maximumDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < text.endIndex, digits < maximumDigits, (48...57).contains(text[index]) {
                value = value * 10 + Int(text[index] - 48)
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }
        func skip(_ ascii: Unicode.Scalar) -> Bool {
            guard index < text.endIndex, text[index] == UInt8(ascii: ascii) else { return false }
            index += 1
            return true
        }
        guard var hour = integer(maximumDigits: 2), skip(":"), let minute = integer(maximumDigits: 2), skip(":"),
            let second = integer(maximumDigits: 2), minute < 60, second < 60
        else { return nil }
        var fraction = 0.0
        if skip(".") || skip(",") {
            var scale = 0.1
            while index < text.endIndex, (48...57).contains(text[index]) {
                fraction += Double(text[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var marker: [UInt8] = []
        for byte in text[index...] where byte != 0x20 && byte != UInt8(ascii: ".") {
            marker.append(byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
        }
        // U+00A0 and U+202F (no-break and narrow no-break space) as UTF-8.
        marker = marker.filter { ![0xC2, 0xA0, 0xE2, 0x80, 0xAF].contains($0) }
        switch marker {
        case []: guard hour < 24 else { return nil }
        case Array("am".utf8), Array("pm".utf8):
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (marker == Array("pm".utf8) ? 12 : 0)
        default: return nil
        }
        return Double(hour * 3600 + minute * 60 + second) + fraction
    }
}
