import Foundation
import SandboxSupport

/// `invoices`, `invoices_payment` and `search/invoices` (§2, §4.2).
struct FactuursturenInvoiceAPI {
    let sandbox: FactuursturenSandbox

    private var rendering: FactuursturenRendering { FactuursturenRendering(configuration: sandbox.configuration) }

    /// `POST invoices` → 201 with the invoice number as a bare body [C-multi: FHNL, FSAPI, JFS].
    ///
    /// `action` send | save | repeat [C-multi]; `save` stores a draft that `GET invoices` never shows (FHNL doc
    /// comment); `repeat` is not served [sandbox choice]. `sendmethod` mail | email | printcenter is required
    /// with send. `lines` is a keyed object (`line1`, …) or an array [C-multi: apis.md §2, form clients send
    /// `lines[0]`]. `alreadypaid` (an amount or "full") registers the payment at creation [C-one: pivvenit].
    /// `invoicenr` sets the number; an existing one is refused unless `overwrite_if_exist` [Guess].
    func create(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let body = try request.json()
        guard body["clientnr"] != nil || body["lines"] != nil else { throw .badRequest("The body must be a JSON object with clientnr and lines") }
        guard let clientText = body["clientnr"]?.text, let clientNumber = Int(clientText) else { throw .badRequest("clientnr is required") }
        let action = body["action"]?.text ?? ""
        switch action {
        case "send":
            guard let method = body["sendmethod"]?.text, ["mail", "email", "printcenter"].contains(method) else {
                throw .badRequest("sendmethod must be mail, email or printcenter")
            }
        case "save":
            guard let name = body["savename"]?.nonBlankText, name.count <= 20 else { throw .badRequest("savename is required (at most 20 characters)") }
        case "repeat": throw .badRequest("Repeating invoices are not served by this sandbox")
        default: throw .badRequest("action must be send, save or repeat")
        }
        let lines = try Self.lines(body["lines"], rates: sandbox.master.rates)
        let reference = (1...3).map { body["reference"]?["line\($0)"]?.text ?? "" }
        let paymentPeriod = body["paymentperiod"]?.text.flatMap { Int($0) } ?? 14
        let alreadyPaid = body["alreadypaid"]?.text
        let wantedNumber = body["invoicenr"]?.text
        if let wantedNumber, Int(wantedNumber) == nil { throw .badRequest("invoicenr must be a whole number") }
        let overwrite = body["overwrite_if_exist"]?.boolValue ?? false
        let sendsEmail = body["sendmethod"]?.text == "email"

        let number = try sandbox.books.withState { state throws(FactuursturenError) -> String in
            guard let client = state.clients[clientNumber] else { throw .badRequest("Client \(clientNumber) not found") }
            let today = FactuursturenBooks.todayText(state)
            if action == "save" {
                state.drafts.append(String(state.drafts.count + 1))
                return String(state.drafts.count)
            }
            let existing = wantedNumber.flatMap { wanted in state.invoices.firstIndex { $0.number == wanted } }
            if existing != nil && !overwrite { throw .badRequest("Invoice number \(wantedNumber!) already exists") }
            let number = wantedNumber ?? String(today.prefix(4)) + String(format: "%04d", state.nextInvoice)
            if wantedNumber == nil { state.nextInvoice += 1 }
            var invoice = FactuursturenInvoice(
                number: number, client: client, reference: reference, lines: lines, profile: body["profile"]?.text ?? "1",
                paymentPeriodDays: paymentPeriod, sent: today, sentDay: FactuursturenBooks.dayNumber(today) ?? 0)
            let time = FactuursturenBooks.timeText()
            // A history entry only for what the account does itself: an e-mail sent, a payment [Guess]; an invoice
            // sent by post ("mail") starts with an empty history, which reads as `[]`.
            if sendsEmail { invoice.history.append(.init(date: today, time: time, description: "Factuur verstuurd via e-mail")) }
            if let alreadyPaid {
                let cents = alreadyPaid == "full" ? invoice.grossCents : FactuursturenAmount.tenThousandths(alreadyPaid).map { $0 / 100 }
                guard let cents, cents > 0 else { throw .badRequest("alreadypaid must be an amount or full") }
                Self.pay(&invoice, cents: cents, date: today, time: time)
            }
            if let existing { state.invoices.remove(at: existing) }
            state.insert(invoice)
            return number
        }
        return .created(number: number)
    }

    static func pay(_ invoice: inout FactuursturenInvoice, cents: Int64, date: String, time: String) {
        invoice.paidCents += cents
        invoice.history.append(.init(date: date, time: time, description: "Betaling geregistreerd", amountCents: cents))
        invoice.paidDate = invoice.openCents <= 0 ? date : ""
    }

    static func lines(_ value: JSONValue?, rates: [Int64]) throws(FactuursturenError) -> [FactuursturenLine] {
        let items: [JSONValue]
        switch value {
        case .array(let list): items = list
        case .object(let members): items = members.map(\.value)
        default: throw .badRequest("lines is required")
        }
        guard !items.isEmpty else { throw .badRequest("An invoice needs at least one line") }
        var lines: [FactuursturenLine] = []
        for item in items {
            func decimal(_ key: String, _ fallback: Int64?) throws(FactuursturenError) -> Int64 {
                guard let text = item[key]?.text else {
                    if let fallback { return fallback }
                    throw .badRequest("Line \(lines.count + 1): \(key) is required")
                }
                guard let value = FactuursturenAmount.tenThousandths(text) else { throw .badRequest("Line \(lines.count + 1): \(key) is no number") }
                return value
            }
            let quantity = try decimal("amount", FactuursturenAmount.scale)
            let price = try decimal("price", nil)
            let rate = try decimal("tax_rate", nil)
            let discount = try decimal("discount_pct", 0)
            // Only the account's rates (`GET taxes`) are accepted [Guess].
            guard rates.contains(rate) else { throw .badRequest("Line \(lines.count + 1): unknown tax_rate \(item["tax_rate"]?.text ?? "")") }
            guard (0...100 * FactuursturenAmount.scale).contains(discount) else { throw .badRequest("Line \(lines.count + 1): discount_pct out of range") }
            lines.append(FactuursturenLine(
                quantity: quantity, unitText: item["amount_desc"]?.text ?? "", description: item["description"]?.text ?? "",
                taxRate: rate, unitPrice: price, discountPercent: discount,
                totalCents: FactuursturenAmount.lineTotalCents(quantity: quantity, unitPrice: price, discountPercent: discount)))
        }
        return lines
    }

    /// `GET invoices/{nr}` → `{"invoice":{…}}`; unknown: the whole list (200) [C-one: FSAPI] or 404 [C-one: REIN].
    func get(_ number: String) throws(FactuursturenError) -> FactuursturenAnswer {
        let found = try sandbox.books.withState { state throws(FactuursturenError) in state.invoices.first { $0.number == number } }
        if let found { return .ok(.object([("invoice", rendering.invoice(found))])) }
        if sandbox.configuration.unknownAnswersWholeList { return try list(FactuursturenRequest(method: "GET", path: [], query: [:], body: .init(), authorization: nil)) }
        throw .notFound("Invoice \(number) not found")
    }

    /// `GET invoices`: a bare array of sent invoices, no total [C-multi]. `filter` [C-multi: apis.md §2],
    /// `since`/`until` on the sent date, inclusive [C-multi: JFS, HSPY; inclusive is a guess], `count` with
    /// `offset` or `start` (the same meaning) [C-one each, conflicting: JFS, HSPY].
    func list(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let query = request.query
        var since: Int?
        var until: Int?
        if let text = query["since"] {
            guard let day = FactuursturenBooks.dayNumber(text) else { throw .badRequest("since must be YYYY-MM-DD") }
            since = day
        }
        if let text = query["until"] {
            guard let day = FactuursturenBooks.dayNumber(text) else { throw .badRequest("until must be YYYY-MM-DD") }
            until = day
        }
        func whole(_ key: String) throws(FactuursturenError) -> Int? {
            guard let text = query[key] else { return nil }
            guard let value = Int(text), value >= 0 else { throw .badRequest("\(key) must be a whole number") }
            return value
        }
        let count = try whole("count") ?? sandbox.configuration.defaultPageSize
        let offset: Int
        if let value = try whole("offset") {
            offset = value
        } else {
            offset = try whole("start") ?? 0
        }
        let filter = query["filter"]
        let filters = ["open", "overdue", "sent", "partly", "toomuch", "paid", "uncollectible"]
        if let filter, !filters.contains(filter) { throw .badRequest("filter must be one of \(filters.joined(separator: ", "))") }
        // The invoices sent in the period are one run of the sorted list; only the page is copied out.
        let page = try sandbox.books.withState { state throws(FactuursturenError) -> [FactuursturenInvoice] in
            let today = FactuursturenBooks.dayNumber(FactuursturenBooks.todayText(state)) ?? 0
            let lower = since.map { state.firstIndex(sentOnOrAfter: $0) } ?? 0
            let upper = until.map { state.firstIndex(sentOnOrAfter: $0 + 1) } ?? state.invoices.count
            let period = state.invoices[lower..<max(lower, upper)]
            guard let filter else { return Array(period.dropFirst(offset).prefix(count)) }
            let chosen = period.lazy.filter { invoice in
                switch filter {
                case "open": return invoice.openCents > 0
                case "overdue": return invoice.openCents > 0 && invoice.sentDay + invoice.paymentPeriodDays < today
                case "partly": return invoice.paidCents > 0 && invoice.openCents > 0
                case "toomuch": return invoice.openCents < 0
                case "paid": return invoice.openCents == 0
                case "sent": return true
                default: return false  // "uncollectible": the sandbox writes nothing off
                }
            }
            return Array(chosen.dropFirst(offset).prefix(count))
        }
        return .ok(.array(page.map(rendering.invoice)))
    }

    /// `GET search/invoices/{field|all}/{value}` → an array [C-one: FSAPI]; a case-insensitive part match
    /// [Guess: the kind of match is not documented].
    func search(field: String, value: String) throws(FactuursturenError) -> FactuursturenAnswer {
        let wanted = value.lowercased()
        let invoices = try sandbox.books.withState { state throws(FactuursturenError) in state.invoices }
        let matches = invoices.filter { $0.searchableText(field).contains { $0.lowercased().contains(wanted) } }
        return .ok(.array(matches.map(rendering.invoice)))
    }

    /// `POST` (FSAPI, 201 and an empty body) or `PUT` (REIN) `invoices_payment/{nr}` with `date` and `amount`
    /// (a number or "full") [C-multi for POST/201].
    func pay(_ number: String, _ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let body = try request.json()
        guard let date = body["date"]?.text, FactuursturenBooks.dayNumber(date) != nil else { throw .badRequest("date must be YYYY-MM-DD") }
        guard let amount = body["amount"]?.text else { throw .badRequest("amount is required") }
        try sandbox.books.withState { state throws(FactuursturenError) -> Void in
            guard let index = state.invoices.firstIndex(where: { $0.number == number }) else { throw .notFound("Invoice \(number) not found") }
            let cents = amount == "full" ? state.invoices[index].openCents : FactuursturenAmount.tenThousandths(amount).map { $0 / 100 }
            guard let cents, cents > 0 else { throw .badRequest("amount must be a positive amount or full") }
            Self.pay(&state.invoices[index], cents: cents, date: date, time: FactuursturenBooks.timeText())
        }
        return FactuursturenAnswer(status: 201, body: .empty)
    }
}
