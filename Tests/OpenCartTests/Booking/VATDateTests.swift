import Foundation
import KoppelCore
import Testing
@testable import OpenCart

/// The VAT date is the calendar day of `date_added` as OpenCart wrote it, which already is the
/// shop's own time zone (docs/protocol.md, "Dates and the time zone"). The moments sit where
/// another reading lands on another day: just before and after midnight across a quarter's end
/// and across Europe/Amsterdam's summer time changes (31 March and 27 October 2024, the last
/// Sundays of those months).
struct VATDateTests {
    struct Moment: CustomTestStringConvertible, Sendable {
        var dateAdded: String
        var day: String
        var quarter: Int
        var why: String

        init(_ dateAdded: String, day: String, quarter: Int, _ why: String) {
            (self.dateAdded, self.day, self.quarter, self.why) = (dateAdded, day, quarter, why)
        }

        var testDescription: String { "\(dateAdded): \(why)" }
    }

    static let aroundMidnight: [Moment] = [
        Moment("2024-10-01 00:30:00", day: "2024-10-01", quarter: 4, "Q4 in Amsterdam, still 30 September (Q3) in UTC"),
        Moment("2024-09-30 23:30:00", day: "2024-09-30", quarter: 3, "Q3; read as UTC it would be 1 October (Q4) in Amsterdam"),
        Moment("2024-03-31 00:30:00", day: "2024-03-31", quarter: 1, "the night summer time starts, before 02:00: 30 March in UTC"),
        Moment("2024-03-31 23:30:00", day: "2024-03-31", quarter: 1, "Q1's last evening, in summer time: read as UTC it would be Q2"),
        Moment("2024-04-01 00:30:00", day: "2024-04-01", quarter: 2, "Q2's first night, in summer time: still 31 March (Q1) in UTC"),
        Moment("2024-10-27 00:30:00", day: "2024-10-27", quarter: 4, "the night summer time ends, before 03:00: 26 October in UTC"),
        Moment("2024-10-27 23:30:00", day: "2024-10-27", quarter: 4, "the first evening of winter time: read as UTC it would be 28 October"),
        Moment("2024-10-28 00:30:00", day: "2024-10-28", quarter: 4, "the first night after, in winter time: 27 October in UTC"),
    ]

    static let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
    static let utc = TimeZone(identifier: "UTC")!

    /// The order date of the real NL order pushed with `dateAdded` and the zones, after the push
    /// validation the server runs.
    static func orderDate(_ dateAdded: String, timezone: String?, storeTimezone: String?) throws -> String {
        var order = try Fixtures.order("opencart3-order-1.json")
        order.dateAdded = dateAdded
        order.timezone = timezone
        var settings = try Fixtures.settings("opencart3-settings.json")
        settings.store.timezone = storeTimezone
        try OrderBatch(orders: [order]).validate()
        try settings.validate()
        let booking = order.booking(settings: settings, options: OpenCartBookingOptions(vatNumberCustomFieldID: 1))
        #expect(!booking.problems.contains(.invalidDate))
        return booking.document.orderDate
    }

    static func quarter(_ day: String) -> Int? {
        Int(day.dropFirst(5).prefix(2)).map { ($0 - 1) / 3 + 1 }
    }

    /// The day of the wall time `text` read in `from`, as a calendar in `to` shows it: what a
    /// conversion between UTC and the shop's zone would book.
    static func day(_ text: String, readIn from: TimeZone, shownIn to: TimeZone) throws -> String {
        let time = try #require(LocalDateTime(text))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = from
        let instant = try #require(calendar.date(from: DateComponents(
            year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second)))
        return instant.formatted(Date.ISO8601FormatStyle(timeZone: to).year().month().day())
    }

    @Test(arguments: aroundMidnight)
    func theDayInTheShopsZone(_ moment: Moment) throws {
        let date = try Self.orderDate(moment.dateAdded, timezone: "Europe/Amsterdam", storeTimezone: "Europe/Amsterdam")
        #expect(date == moment.day)
        #expect(Self.quarter(date) == moment.quarter)
        // The moment tells the readings apart: as Amsterdam time shown in UTC, and as UTC shown in
        // Amsterdam, it falls on another day than the one OpenCart wrote.
        let shownInUTC = try Self.day(moment.dateAdded, readIn: Self.amsterdam, shownIn: Self.utc)
        let readAsUTC = try Self.day(moment.dateAdded, readIn: Self.utc, shownIn: Self.amsterdam)
        #expect(shownInUTC != moment.day || readAsUTC != moment.day)
    }

    /// OpenCart fixes its session offset once per request (`SET time_zone = date('P')`), so a
    /// request running across 02:00 on 31 March writes a time summer time skips; the doubled
    /// hour of 27 October is written twice. Both keep the day as written.
    @Test(arguments: ["2024-03-31 02:30:00", "2024-10-27 02:30:00"])
    func theSkippedAndTheDoubledHourKeepTheirDay(_ dateAdded: String) throws {
        let date = try Self.orderDate(dateAdded, timezone: "Europe/Amsterdam", storeTimezone: "Europe/Amsterdam")
        #expect(date == String(dateAdded.prefix(10)))
    }

    /// A shop that never chose a time zone pushes none: OpenCart then runs on UTC (its framework
    /// default `date_timezone`), writes UTC and prints that day on its invoice, and koppel books
    /// that same day. A zone in the settings but none on the order (`koppel push` without
    /// `--timezone`) changes nothing: the rows were written in the shop's zone all the same.
    @Test(arguments: [nil, "UTC", "Europe/Amsterdam"] as [String?])
    func noZoneOnTheOrderKeepsTheDayAsWritten(storeTimezone: String?) throws {
        #expect(try Self.orderDate("2024-09-30 23:30:00", timezone: nil, storeTimezone: storeTimezone) == "2024-09-30")
        #expect(try Self.orderDate("2024-10-01 00:30:00", timezone: nil, storeTimezone: storeTimezone) == "2024-10-01")
    }

    /// Whatever the zone, near UTC or far from it, and even when the settings name another one
    /// (the shop changed its zone after the order), the day is the one OpenCart wrote.
    @Test(arguments: ["UTC", "Europe/Amsterdam", "Pacific/Kiritimati", "America/Los_Angeles"])
    func noZoneMovesTheDay(_ zone: String) throws {
        #expect(try Self.orderDate("2024-10-01 00:30:00", timezone: zone, storeTimezone: "Europe/Amsterdam") == "2024-10-01")
        #expect(try Self.orderDate("2024-09-30 23:30:00", timezone: zone, storeTimezone: "UTC") == "2024-09-30")
    }
}
