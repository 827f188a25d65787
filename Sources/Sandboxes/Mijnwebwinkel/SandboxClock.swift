import Foundation

/// The sandbox's timestamps: `YYYY-MM-DD HH:MM:SS` in UTC, the format the spec gives for
/// `status_changed_start_date` [SPEC]. Text of this fixed shape sorts as time does.
enum SandboxClock {
    static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return String(format: "%04d", c.year ?? 0) + "-" + two(c.month) + "-" + two(c.day) + " " + two(c.hour) + ":"
            + two(c.minute) + ":" + two(c.second)
    }

    /// `YYYY-MM-DD HH:MM:SS`, also accepted with a `T` and a zone or fraction after the seconds (RFC 3339, the
    /// spec's `format: date-time`; the zone is not applied [Guess]); a bare date means its midnight.
    static func normalize(_ text: String) -> String? {
        if isDate(text) { return text + " 00:00:00" }
        guard text.count >= 19 else { return nil }
        let date = String(text.prefix(10))
        let separator = text[text.index(text.startIndex, offsetBy: 10)]
        let time = String(text.dropFirst(11).prefix(8))
        guard isDate(date), separator == " " || separator == "T" || separator == "t", isTime(time) else { return nil }
        return date + " " + time
    }

    static func isDate(_ text: String) -> Bool { matches(text, "dddd-dd-dd") }
    static func isTime(_ text: String) -> Bool { matches(text, "dd:dd:dd") }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard text.utf8.count == pattern.utf8.count else { return false }
        return zip(text.utf8, pattern.utf8).allSatisfy { byte, wanted in
            wanted == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == wanted
        }
    }
}
