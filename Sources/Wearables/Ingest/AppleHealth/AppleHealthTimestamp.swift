import Foundation

/// A moment as Apple Health writes it, `YYYY-MM-DD HH:MM:SS ±HHMM`, read from bytes without a
/// `DateFormatter` (millions of records).
///
/// The offset is the one in force when the export was made, not necessarily when the sample was taken.
/// Anything but exactly this layout, or a date that does not exist (February 30th, hour 24, offset past
/// ±14:59), reads as nil. Leap seconds read as nil.
struct AppleHealthTimestamp: Sendable, Equatable {
    /// Seconds since 1970-01-01 00:00 UTC.
    var secondsSince1970: Int64
    /// Seconds east of UTC.
    var offsetSeconds: Int

    var date: Date { Date(timeIntervalSince1970: Double(secondsSince1970)) }
    /// Seconds since 1970-01-01 00:00 on the wall clock at `offsetSeconds`.
    var localSeconds: Int64 { secondsSince1970 + Int64(offsetSeconds) }

    init(secondsSince1970: Int64, offsetSeconds: Int) {
        self.secondsSince1970 = secondsSince1970
        self.offsetSeconds = offsetSeconds
    }

    init?(_ text: ArraySlice<UInt8>) {
        guard text.count == 25 else { return nil }
        let base = text.startIndex
        func number(_ offset: Int, _ length: Int) -> Int? {
            var value = 0
            for index in (base + offset)..<(base + offset + length) {
                let digit = Int(text[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        func separator(_ offset: Int, _ ascii: Unicode.Scalar) -> Bool { text[base + offset] == UInt8(ascii: ascii) }
        guard separator(4, "-"), separator(7, "-"), separator(10, " "), separator(13, ":"), separator(16, ":"),
            separator(19, " "), separator(20, "+") || separator(20, "-"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            let offsetHours = number(21, 2), let offsetMinutes = number(23, 2),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60, offsetHours <= 14, offsetMinutes < 60
        else { return nil }
        let sign = separator(20, "-") ? -1 : 1
        let offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        let local = Int64(Self.daysSince1970(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
        self.init(secondsSince1970: local - Int64(offset), offsetSeconds: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (negative before).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
