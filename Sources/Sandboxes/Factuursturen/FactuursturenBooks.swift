import Foundation
import Synchronization
import SandboxSupport

/// A client as stored: its number and its fields as the request gave them (text), in a fixed order.
struct FactuursturenClient: Sendable {
    var number: Int
    var fields: [String: String]
}

/// An invoice line as stored; amounts in ten-thousandths, the total in cents.
struct FactuursturenLine: Sendable {
    var quantity: Int64
    var unitText: String
    var description: String
    var taxRate: Int64
    var unitPrice: Int64
    var discountPercent: Int64
    var totalCents: Int64
}

/// One history entry (`history{"item1":{date,time,description[,amount]}}`, §2).
struct FactuursturenHistoryItem: Sendable {
    var date: String
    var time: String
    var description: String
    var amountCents: Int64?
}

/// An invoice as stored, with the client's fields copied at creation as the read shape carries them.
struct FactuursturenInvoice: Sendable {
    var number: String
    var client: FactuursturenClient
    var reference: [String]
    var lines: [FactuursturenLine]
    var profile: String
    var paymentPeriodDays: Int
    var sent: String
    /// `sent` as days since 1970-01-01, and the order the invoice was made in: the list's order.
    var sentDay: Int
    var sequence = 0
    var paidCents: Int64 = 0
    var paidDate = ""
    var history: [FactuursturenHistoryItem] = []

    var netCents: Int64 { lines.map(\.totalCents).reduce(0, +) }

    /// Net per rate in the order rates first appear, with the VAT of each rounded per rate [Guess: the
    /// fixture's one rate cannot tell per-rate from per-line rounding].
    var taxes: [(rate: Int64, net: Int64, vat: Int64)] {
        var order: [Int64] = []
        var net: [Int64: Int64] = [:]
        for line in lines {
            if net[line.taxRate] == nil { order.append(line.taxRate) }
            net[line.taxRate, default: 0] += line.totalCents
        }
        return order.map { ($0, net[$0]!, FactuursturenAmount.vatCents(netCents: net[$0]!, ratePercent: $0)) }
    }

    var vatCents: Int64 { taxes.map(\.vat).reduce(0, +) }
    var grossCents: Int64 { netCents + vatCents }
    /// Outstanding: 0 = paid, negative = overpaid (§2).
    var openCents: Int64 { grossCents - paidCents }

    func searchableText(_ field: String) -> [String] {
        switch field {
        case "all":
            [number, client.fields["company"] ?? "", client.fields["contact"] ?? "", client.fields["email"] ?? ""]
                + reference + lines.map(\.description)
        case "reference": reference
        case "invoicenr": [number]
        case "clientnr": [String(client.number)]
        default: [client.fields[field] ?? ""]
        }
    }
}

/// The sandbox's books: clients, sent invoices, saved drafts and the sandbox's today.
final class FactuursturenBooks: Sendable {
    struct State: Sendable {
        var clients: [Int: FactuursturenClient] = [:]
        /// By sent date, then in the order they were made, so that a `since`/`until` page is found by
        /// binary search instead of a scan of every invoice.
        var invoices: [FactuursturenInvoice] = []
        var drafts: [String] = []
        var nextClient = 1
        var nextInvoice = 1
        var nextSequence = 1
        /// `sent` of new invoices; `POST /sandbox/today` moves it, so periods can be filled.
        var today: String?

        /// Stores a new invoice in its place: at the end, unless `today` was moved back.
        mutating func insert(_ invoice: FactuursturenInvoice) {
            var invoice = invoice
            invoice.sequence = nextSequence
            nextSequence += 1
            if let last = invoices.last, last.sentDay > invoice.sentDay {
                invoices.insert(invoice, at: firstIndex(sentOnOrAfter: invoice.sentDay + 1))
            } else {
                invoices.append(invoice)
            }
        }

        /// Stores many new invoices at once: appended, then sorted once when they came out of order.
        mutating func insert(contentsOf batch: [FactuursturenInvoice]) {
            let start = invoices.count
            for var invoice in batch {
                invoice.sequence = nextSequence
                nextSequence += 1
                invoices.append(invoice)
            }
            let inOrder = (max(start, 1)..<invoices.count).allSatisfy { invoices[$0 - 1].sentDay <= invoices[$0].sentDay }
            if !inOrder { invoices.sort { ($0.sentDay, $0.sequence) < ($1.sentDay, $1.sequence) } }
        }

        /// The position of the first invoice sent on `day` or later (`invoices.count` when none is).
        func firstIndex(sentOnOrAfter day: Int) -> Int {
            var low = 0, high = invoices.count
            while low < high {
                let middle = (low + high) / 2
                if invoices[middle].sentDay < day { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private let state = Mutex(State())

    func withState<T: Sendable>(_ body: (inout State) throws(FactuursturenError) -> T) throws(FactuursturenError) -> T {
        try state.withLock { (state: inout State) throws(FactuursturenError) -> T in try body(&state) }
    }

    func reset() {
        state.withLock { $0 = State() }
    }

    static func todayText(_ state: State, now: Date = Date()) -> String {
        if let today = state.today { return today }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    static func timeText(now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    /// `date` plus `days`, both as YYYY-MM-DD.
    static func adding(days: Int, to date: String) -> String {
        guard let day = dayNumber(date) else { return "" }
        let moved = Date(timeIntervalSince1970: Double(day + days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: moved)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// Days since 1970-01-01 of a YYYY-MM-DD date; nil when it is not one.
    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard text.count == 10, parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.component(.day, from: date) == day
        else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400)
    }
}
