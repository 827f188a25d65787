import Foundation

/// Days and the hour a day's file closes, in the shop's time zone: the day `D` is open until the
/// run hour of the day after (`AsperionSettings.runHour`); then its file is made and delivered.
struct AsperionCalendar {
    let timeZone: TimeZone
    let runHour: Int

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The day (`YYYY-MM-DD`) unix time `now` falls on.
    func day(of now: Int64) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(now)))
        return Self.text(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The day after `day`; nil when `day` is no `YYYY-MM-DD`.
    func day(after day: String) -> String? {
        guard let start = start(of: day), let next = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return self.day(of: Int64(next.timeIntervalSince1970))
    }

    /// The day before `day`; nil when `day` is no `YYYY-MM-DD`.
    func day(before day: String) -> String? {
        guard let start = start(of: day), let previous = calendar.date(byAdding: .day, value: -1, to: start) else { return nil }
        return self.day(of: Int64(previous.timeIntervalSince1970))
    }

    /// Unix seconds `day`'s file closes: the run hour of the day after.
    func closes(_ day: String) -> Int64? {
        guard let start = start(of: day), let next = calendar.date(byAdding: .day, value: 1, to: start),
            let close = calendar.date(bySettingHour: runHour, minute: 0, second: 0, of: next)
        else { return nil }
        return Int64(close.timeIntervalSince1970)
    }

    /// The header's time of `day`'s file: its closing time as local time, so a file made again is
    /// the same bytes.
    func createdAt(_ day: String) -> String {
        guard let close = closes(day) else { return day + "T00:00:00" }
        return moment(close)
    }

    /// Unix time `time` as local `YYYY-MM-DDTHH:MM:SS`.
    func moment(_ time: Int64) -> String {
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(time)))
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return Self.text(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            + "T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    private func start(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard day.count == 10, parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 0))
    }

    static func text(year: Int, month: Int, day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    static func isDay(_ text: String) -> Bool {
        text.count == 10 && text.split(separator: "-").count == 3 && text.allSatisfy { $0.isNumber || $0 == "-" }
    }
}
