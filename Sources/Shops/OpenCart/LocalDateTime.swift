/// A store-local date and time as OpenCart stores it (`DATETIME`, no offset): the wall clock of
/// the shop's `config_timezone` (UTC when the shop has none) at the moment of writing, so it is
/// kept as written and only checked here (docs/protocol.md, "Dates and the time zone").
struct LocalDateTime {
    let year, month, day, hour, minute, second: Int

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x20, bytes[13] == 0x3a,
            bytes[16] == 0x3a
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        guard (1970...2999).contains(year), (1...12).contains(month), hour < 24, minute < 60, second < 60,
            (1...LocalDateTime.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
