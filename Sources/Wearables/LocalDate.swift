import Foundation

/// A calendar date without a time zone, such as the Monday a week starts on in the wearer's local time.
public struct LocalDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when the text is not a real date.
    public init?(iso text: Substring) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard let date = midnightUTC, LocalDate(utcDate: date) == self else { return nil }
    }

    /// The UTC calendar date of `date`.
    public init(utcDate date: Date) {
        let components = LocalDate.utcCalendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
    }

    /// 00:00 of this date read as UTC.
    public var midnightUTC: Date? {
        LocalDate.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        guard let midnight = midnightUTC else { return self }
        return LocalDate(utcDate: midnight.addingTimeInterval(Double(days) * 86_400))
    }

    /// The Monday on or before this date.
    public var mondayOnOrBefore: LocalDate {
        guard let midnight = midnightUTC else { return self }
        // weekday: 1 = Sunday … 7 = Saturday
        let weekday = LocalDate.utcCalendar.component(.weekday, from: midnight)
        return adding(days: -((weekday + 5) % 7))
    }

    public var isMonday: Bool { mondayOnOrBefore == self }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()
}
