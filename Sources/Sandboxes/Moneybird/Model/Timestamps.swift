import Foundation
import SandboxSupport

/// Timestamps and dates in the forms Moneybird writes them.
enum Timestamps {
    // Made once: building a style looks its time zone up, which cost more than the formatting in long lists.
    private static let isoStyle = Date.ISO8601FormatStyle(
        includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
    private static let dayStyle = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()

    /// `2026-08-21T13:50:29.180Z`
    static func iso(_ date: Date) -> String {
        date.formatted(isoStyle)
    }

    static func iso(_ date: Date?) -> JSONValue { date.map { .string(iso($0)) } ?? .null }

    /// `yyyy-MM-dd` in UTC.
    static func day(_ date: Date) -> String {
        date.formatted(dayStyle)
    }

    /// Parses `yyyy-MM-dd` or a full ISO-8601 timestamp down to its day.
    static func parseDay(_ text: String) -> String? {
        let prefix = String(text.prefix(10))
        let parts = prefix.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]), (1...31).contains(day),
            Int(parts[0]) != nil
        else { return nil }
        return prefix
    }

    /// Adds days to a `yyyy-MM-dd` date.
    static func addDays(_ days: Int, to day: String) -> String {
        let calendar = utcCalendar
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3,
            let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let later = calendar.date(byAdding: .day, value: days, to: date)
        else { return day }
        return Self.day(later)
    }

    /// Moneybird's `version`: epoch seconds of the last change, strictly increasing for one record.
    static func version(_ date: Date, after previous: Int = 0) -> Int {
        max(Int(date.timeIntervalSince1970), previous + 1)
    }
}
