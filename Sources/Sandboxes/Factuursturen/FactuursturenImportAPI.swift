import Foundation
import SandboxSupport

/// Filling and changing the books in bulk, for benchmarks and tests; no such routes exist in Factuursturen.
///
/// - `POST /sandbox/clients/import` `{"clients": [{…as POST clients…}]}` → `{"numbers": [1, 2, …]}`
/// - `POST /sandbox/invoices/import` `{"invoices": [{"clientnr", "sent", "reference", "lines", "paymentperiod",
///   "paid", "paiddate"}]}` → `{"numbers": ["20260001", …]}`: sent invoices as `POST invoices` makes them
///   (lines and reference as it takes them), dated `sent`; `paid` ("full" or an amount) registers a payment on
///   `paiddate` (default: `sent`). Numbered as `POST invoices` numbers them. All or nothing.
/// - `POST /sandbox/invoices/{nr}/change` `{"line": 1, "price": "12.50", "amount": "2"}`: one line changed
///   afterwards, as a bookkeeper would in the web interface; the payment stays as it was.
struct FactuursturenImportAPI {
    let sandbox: FactuursturenSandbox

    func importClients(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        guard let items = try request.json()["clients"]?.arrayValue else { throw .badRequest("clients must be an array") }
        var clients: [[String: String]] = []
        for item in items { clients.append(try FactuursturenClientAPI.fields(item)) }
        let numbers = try sandbox.books.withState { state throws(FactuursturenError) -> [Int] in
            clients.map { fields in
                let number = state.nextClient
                state.nextClient += 1
                state.clients[number] = FactuursturenClient(number: number, fields: fields)
                return number
            }
        }
        return .ok(.object([("numbers", .array(numbers.map(JSONValue.int)))]))
    }

    /// One invoice to import, checked before anything is stored.
    private struct Item {
        var clientNumber: Int
        var sent: String
        var sentDay: Int
        var reference: [String]
        var lines: [FactuursturenLine]
        var paymentPeriod: Int
        var paid: String?
        var paidDate: String
    }

    func importInvoices(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        guard let values = try request.json()["invoices"]?.arrayValue else { throw .badRequest("invoices must be an array") }
        // Many invoices share a day: each date is read once.
        var days: [String: Int] = [:]
        func day(_ text: String?, _ name: String, _ position: Int) throws(FactuursturenError) -> (String, Int) {
            guard let text else { throw .badRequest("invoice \(position): \(name) is required (YYYY-MM-DD)") }
            if let known = days[text] { return (text, known) }
            guard let day = FactuursturenBooks.dayNumber(text) else { throw .badRequest("invoice \(position): \(name) must be YYYY-MM-DD") }
            days[text] = day
            return (text, day)
        }
        var items: [Item] = []
        items.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            let position = index + 1
            guard let clientText = value["clientnr"]?.text, let clientNumber = Int(clientText) else {
                throw .badRequest("invoice \(position): clientnr is required")
            }
            let (sent, sentDay) = try day(value["sent"]?.text, "sent", position)
            let paid = value["paid"]?.text
            if let paid, paid != "full", (FactuursturenAmount.tenThousandths(paid) ?? 0) <= 0 {
                throw .badRequest("invoice \(position): paid must be full or a positive amount")
            }
            let paidDate = value["paiddate"] == nil ? sent : try day(value["paiddate"]?.text, "paiddate", position).0
            let lines: [FactuursturenLine]
            do {
                lines = try FactuursturenInvoiceAPI.lines(value["lines"], rates: sandbox.master.rates)
            } catch {
                throw .badRequest("invoice \(position): \(error.message)")
            }
            items.append(Item(
                clientNumber: clientNumber, sent: sent, sentDay: sentDay, reference: (1...3).map { value["reference"]?["line\($0)"]?.text ?? "" },
                lines: lines, paymentPeriod: value["paymentperiod"]?.text.flatMap { Int($0) } ?? 14, paid: paid, paidDate: paidDate))
        }
        let numbers = try sandbox.books.withState { state throws(FactuursturenError) -> [String] in
            var invoices: [FactuursturenInvoice] = []
            invoices.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard let client = state.clients[item.clientNumber] else { throw .badRequest("invoice \(index + 1): client \(item.clientNumber) not found") }
                let number = String(item.sent.prefix(4)) + String(format: "%04d", state.nextInvoice + index)
                var invoice = FactuursturenInvoice(
                    number: number, client: client, reference: item.reference, lines: item.lines, profile: "1",
                    paymentPeriodDays: item.paymentPeriod, sent: item.sent, sentDay: item.sentDay)
                if let paid = item.paid {
                    let cents = paid == "full" ? invoice.grossCents : FactuursturenAmount.tenThousandths(paid)! / 100
                    FactuursturenInvoiceAPI.pay(&invoice, cents: cents, date: item.paidDate, time: "12:00")
                }
                invoices.append(invoice)
            }
            state.nextInvoice += items.count
            state.insert(contentsOf: invoices)
            return invoices.map(\.number)
        }
        return .ok(.object([("numbers", .array(numbers.map(JSONValue.string)))]))
    }

    func change(_ number: String, _ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
        let body = try request.json()
        guard let lineText = body["line"]?.text, let line = Int(lineText), line >= 1 else { throw .badRequest("line must be a line number from 1") }
        func decimal(_ key: String) throws(FactuursturenError) -> Int64? {
            guard let text = body[key]?.text else { return nil }
            guard let value = FactuursturenAmount.tenThousandths(text) else { throw .badRequest("\(key) is no number") }
            return value
        }
        let price = try decimal("price")
        let quantity = try decimal("amount")
        guard price != nil || quantity != nil else { throw .badRequest("price or amount is required") }
        let changed = try sandbox.books.withState { state throws(FactuursturenError) -> FactuursturenInvoice in
            guard let index = state.invoices.firstIndex(where: { $0.number == number }) else { throw .notFound("Invoice \(number) not found") }
            guard line <= state.invoices[index].lines.count else { throw .badRequest("Invoice \(number) has no line \(line)") }
            var stored = state.invoices[index].lines[line - 1]
            stored.unitPrice = price ?? stored.unitPrice
            stored.quantity = quantity ?? stored.quantity
            stored.totalCents = FactuursturenAmount.lineTotalCents(
                quantity: stored.quantity, unitPrice: stored.unitPrice, discountPercent: stored.discountPercent)
            state.invoices[index].lines[line - 1] = stored
            let paid = state.invoices[index]
            state.invoices[index].paidDate = paid.paidCents > 0 && paid.openCents <= 0 ? paid.paidDate : ""
            return state.invoices[index]
        }
        return .ok(.object([("invoice", FactuursturenRendering(configuration: sandbox.configuration).invoice(changed))]))
    }
}
