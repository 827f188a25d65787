/// A period of whole days, `YYYY-MM-DD` to `YYYY-MM-DD` inclusive.
public struct DatePeriod: Sendable, Equatable {
    public var first: String
    public var last: String

    public init(first: String, last: String) {
        self.first = first
        self.last = last
    }

    public func contains(_ day: String) -> Bool { first <= day && day <= last }
}

extension DatePeriod {
    /// The nightly run's period: the open VAT period (this quarter and the one before, which is
    /// still open until its return is filed), and at least the last `minimumDays` days.
    public static func nightly(today: String, minimumDays: Int = 90) -> DatePeriod? {
        guard let day = CivilDay(today) else { return nil }
        let previousQuarter = day.firstOfQuarter.addingMonths(-3)
        let back = day.addingDays(-(minimumDays - 1))
        return DatePeriod(first: min(previousQuarter.text, back.text), last: today)
    }

    /// The last `days` days up to `today`.
    public static func lastDays(_ days: Int, today: String) -> DatePeriod? {
        guard let day = CivilDay(today), days > 0 else { return nil }
        return DatePeriod(first: day.addingDays(-(days - 1)).text, last: today)
    }
}

/// A calendar day without time zones, for period arithmetic (proleptic Gregorian).
struct CivilDay {
    var year: Int
    var month: Int
    var day: Int

    /// Parses `YYYY-MM-DD`, a real day only.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.daysIn(month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    var text: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    var firstOfQuarter: CivilDay { CivilDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1) }

    func addingMonths(_ months: Int) -> CivilDay {
        let index = year * 12 + (month - 1) + months
        let year = index / 12, month = index % 12 + 1
        return CivilDay(year: year, month: month, day: min(day, Self.daysIn(month, of: year)))
    }

    func addingDays(_ days: Int) -> CivilDay { Self(serial: serial + days) }

    /// Days since 1970-01-01 (the civil-from-days algorithm in reverse).
    var serial: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    init(serial: Int) {
        let z = serial + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
