import Foundation
import GRDB

/// Moneybird's `filter=key:value,key:value` for sales invoices.
///
/// Without a `filter` parameter the defaults apply (`state:all,period:this_year`); any filter replaces the
/// defaults entirely. A draft without an invoice date matches a period only when the period contains today.
///
/// `matches` states the rules on a decoded invoice; `condition` states the same rules, in the same order,
/// on the store's invoice columns, where lists apply them. Tests hold the two equal.
struct InvoiceFilter: Sendable {
    var states: Set<String>?
    var period: ClosedRange<String>?
    var references: Set<String>?
    var contactID: String?
    var workflowID: String?
    var createdAfter: Date?
    var updatedAfter: Date?

    /// - Parameter ignoringUnknownKeys: as the synchronization list does (see `SalesInvoicesAPI`).
    init(_ text: String?, today: String, ignoringUnknownKeys: Bool = false) throws(SandboxError) {
        guard let text else {
            period = try Self.period("this_year", today: today)
            return
        }
        for pair in text.split(separator: ",") where !pair.isEmpty {
            let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw .badRequest("Filter \(pair) is invalid", symbolic: [("filter", "invalid")])
            }
            let (key, value) = (parts[0], parts[1])
            switch key {
            case "state":
                let values = Set(value.split(separator: "|").map(String.init))
                if !values.contains("all") {
                    for state in values where !InvoiceState.all.contains(state) {
                        throw .badRequest("State \(state) is invalid", symbolic: [("state", "invalid")])
                    }
                    states = values
                }
            case "period": period = try Self.period(value, today: today)
            case "reference": references = Set(value.split(separator: "|").map(String.init))
            case "contact_id": contactID = value
            case "workflow_id": workflowID = value
            case "created_after": createdAfter = try Self.timestamp(value, key)
            case "updated_after": updatedAfter = try Self.timestamp(value, key)
            default:
                if ignoringUnknownKeys { continue }
                throw .badRequest("Filter \(key) is not supported", symbolic: [("filter", "invalid")])
            }
        }
    }

    func matches(_ invoice: SalesInvoice, today: String) -> Bool {
        if let states, !states.contains(invoice.state) { return false }
        if let period, !period.contains(invoice.invoiceDate ?? today) { return false }
        if let references, !references.contains(invoice.reference ?? "") { return false }
        if let contactID, invoice.contactID != contactID { return false }
        if let workflowID, invoice.workflowID != workflowID { return false }
        if let createdAfter, invoice.createdAt <= createdAfter { return false }
        if let updatedAfter, invoice.updatedAt <= updatedAfter { return false }
        return true
    }

    /// `matches` as a condition on the `sales_invoice` columns (see `SalesInvoiceColumns` for their forms).
    func condition(today: String) -> SQLCondition {
        var parts: [SQLCondition] = []
        // The stored states are the spellings of `InvoiceState.all`; bind those, not the request's text.
        if let states { parts.append(.column("state", in: InvoiceState.all.filter { states.contains($0) })) }
        if let period {
            parts.append(
                SQLCondition(
                    sql: "COALESCE(invoice_date, ?) BETWEEN ? AND ?",
                    arguments: [today, period.lowerBound, period.upperBound]))
        }
        if let references {
            // Never empty values (parsing drops them), so an invoice without a reference never matches.
            let keys = references.map(SalesInvoiceColumns.canonical).sorted()
            var reference = SQLCondition.column("reference_key", in: keys)
            if !keys.isEmpty { reference.index = "sales_invoice_by_reference" }
            parts.append(reference)
        }
        if let contactID {
            parts.append(SQLCondition(sql: "contact_id = ?", arguments: [SalesInvoiceColumns.canonical(contactID)]))
        }
        if let workflowID {
            parts.append(SQLCondition(sql: "workflow_id = ?", arguments: [SalesInvoiceColumns.canonical(workflowID)]))
        }
        if let createdAfter {
            parts.append(SQLCondition(sql: "created_at > ?", arguments: [createdAfter.timeIntervalSinceReferenceDate]))
        }
        if let updatedAfter {
            parts.append(SQLCondition(sql: "updated_at > ?", arguments: [updatedAfter.timeIntervalSinceReferenceDate]))
        }
        return SQLCondition(allOf: parts)
    }

    private static func timestamp(_ text: String, _ key: String) throws(SandboxError) -> Date {
        let styles = [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle(),
        ]
        for style in styles {
            if let date = try? style.parse(text) { return date }
        }
        throw .badRequest("\(key) is not a valid timestamp", symbolic: [(key, "invalid")])
    }

    /// A period as a range of `yyyy-MM-dd` days: a keyword, `yyyyMM..yyyyMM` or `yyyyMMdd..yyyyMMdd`.
    static func period(_ text: String, today: String) throws(SandboxError) -> ClosedRange<String> {
        let parts = today.split(separator: "-").compactMap { Int($0) }
        let (year, month) = (parts[0], parts[1])
        func monthRange(_ y: Int, _ m: Int, months: Int = 1) -> ClosedRange<String> {
            var endYear = y
            var endMonth = m + months - 1
            while endMonth > 12 { endMonth -= 12; endYear += 1 }
            return day(y, m, 1)...day(endYear, endMonth, lastDay(endYear, endMonth))
        }
        func shifted(_ m: Int, by delta: Int) -> (Int, Int) {
            let index = year * 12 + (m - 1) + delta
            return (index / 12, index % 12 + 1)
        }
        let quarterStart = (month - 1) / 3 * 3 + 1
        switch text {
        case "this_month": return monthRange(year, month)
        case "prev_month": let (y, m) = shifted(month, by: -1); return monthRange(y, m)
        case "next_month": let (y, m) = shifted(month, by: 1); return monthRange(y, m)
        case "this_quarter": return monthRange(year, quarterStart, months: 3)
        case "prev_quarter": let (y, m) = shifted(quarterStart, by: -3); return monthRange(y, m, months: 3)
        case "next_quarter": let (y, m) = shifted(quarterStart, by: 3); return monthRange(y, m, months: 3)
        case "this_year": return day(year, 1, 1)...day(year, 12, 31)
        case "prev_year": return day(year - 1, 1, 1)...day(year - 1, 12, 31)
        case "next_year": return day(year + 1, 1, 1)...day(year + 1, 12, 31)
        case "this_week", "prev_week", "next_week":
            let offset = text == "prev_week" ? -7 : text == "next_week" ? 7 : 0
            let weekday = Self.weekdayIndex(today)
            let start = Timestamps.addDays(offset - weekday, to: today)
            return start...Timestamps.addDays(6, to: start)
        default: break
        }
        let bounds = text.components(separatedBy: "..")
        guard bounds.count == 2, !bounds[0].isEmpty, !bounds[1].isEmpty else {
            throw .badRequest("Period must have both a start and end date", symbolic: [("period", "invalid")])
        }
        func parse(_ bound: String, end: Bool) throws(SandboxError) -> String {
            let digits = bound.compactMap(\.wholeNumberValue)
            guard digits.count == bound.count else {
                throw .badRequest("Period is invalid", symbolic: [("period", "invalid")])
            }
            let number = Int(bound) ?? 0
            switch bound.count {
            case 6:
                let (y, m) = (number / 100, number % 100)
                guard (1...12).contains(m) else { throw .badRequest("Period is invalid", symbolic: [("period", "invalid")]) }
                return day(y, m, end ? lastDay(y, m) : 1)
            case 8:
                let (y, m, d) = (number / 10000, number / 100 % 100, number % 100)
                guard (1...12).contains(m), (1...lastDay(y, m)).contains(d) else {
                    throw .badRequest("Period is invalid", symbolic: [("period", "invalid")])
                }
                return day(y, m, d)
            default:
                throw .badRequest("Period is invalid", symbolic: [("period", "invalid")])
            }
        }
        let start = try parse(bounds[0], end: false)
        let end = try parse(bounds[1], end: true)
        guard start <= end else { throw .badRequest("Period is invalid", symbolic: [("period", "invalid")]) }
        return start...end
    }

    private static func day(_ y: Int, _ m: Int, _ d: Int) -> String {
        String(format: "%04d-%02d-%02d", y, m, d)
    }

    private static func lastDay(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Monday is 0.
    private static func weekdayIndex(_ day: String) -> Int {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else {
            return 0
        }
        return (calendar.component(.weekday, from: date) + 5) % 7
    }
}
