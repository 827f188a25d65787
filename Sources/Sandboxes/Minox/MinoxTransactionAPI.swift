import Foundation
import SandboxSupport

/// Journal entries: `PUT|GET|DELETE /transaction_line_batch/{uuid}` [C-multi: OTW, WIKI], the booked
/// lines per year and period [C-multi: OTW, WEBP] and the open items (`receivable`) [C-multi: OTW, WIKI].
struct MinoxTransactionAPI {
    let sandbox: MinoxSandbox

    /// A client-generated UUID; version 4 when `requiresUUIDv4` ("generate a uuid4", OTW docs).
    func checkedBatchID(_ text: String) throws(MinoxError) -> String {
        guard let uuid = UUID(uuidString: text) else { throw .badRequest("\(text) is not a UUID") }
        let version = uuid.uuid.6 >> 4
        let variant = uuid.uuid.8 >> 6
        if sandbox.configuration.requiresUUIDv4, version != 4 || variant != 2 {
            throw .badRequest("\(text) is not a version 4 UUID")
        }
        return text.lowercased()
    }

    /// Creates the batch, or replaces it when the uuid exists: a PUT with the same uuid updates instead
    /// of duplicating [C-one: OTW]. 201 for a new batch, 200 for a replaced one [Guess]; both answer
    /// the batch as stored.
    func put(_ id: String, _ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let batchID = try checkedBatchID(id)
        let body = try request.json()
        let validation = MinoxBatchValidation(master: sandbox.master, rounding: !sandbox.configuration.refusesSubCentAmounts)
        let (lines, replaced) = try sandbox.books.withState { state throws(MinoxError) -> ([JSONValue], Bool) in
            try Self.store(body, batchID: batchID, validation: validation, in: &state)
        }
        let answer = Self.batchJSON(batchID, lines)
        return replaced ? .ok(answer) : .created(answer)
    }

    /// Checks and stores one batch as the PUT does (the bulk import too); the lines as stored and
    /// whether a batch of that uuid was replaced.
    static func store(_ body: JSONValue, batchID: String, validation: MinoxBatchValidation, in state: inout MinoxBooks.State)
        throws(MinoxError) -> ([JSONValue], Bool)
    {
        let existing = state.batches[batchID]
        // A replaced batch keeps its entry number, as an edited entry does.
        let entryNumber = existing?.entryNumber ?? state.nextEntryNumber
        let checked = try validation.check(body, batchID: batchID, entryNumber: entryNumber, state: state)
        if existing == nil {
            state.nextEntryNumber += 1
            state.batchOrder.append(batchID)
        }
        state.batches[batchID] = MinoxBooks.Batch(
            id: batchID, lines: checked.lines, entryNumber: entryNumber, openItems: checked.openItems)
        return (checked.lines, existing != nil)
    }

    /// The batch read back: `{"id", "collection": [lines]}` [Guess: the shape is not documented].
    func get(_ id: String) throws(MinoxError) -> MinoxAnswer {
        let batchID = try checkedBatchID(id)
        let batch = try sandbox.books.withState { state throws(MinoxError) in state.batches[batchID] }
        guard let batch else { throw .notFound("Transaction line batch \(batchID) not found") }
        return .ok(Self.batchJSON(batchID, batch.lines))
    }

    func delete(_ id: String) throws(MinoxError) -> MinoxAnswer {
        let batchID = try checkedBatchID(id)
        let removed = try sandbox.books.withState { state throws(MinoxError) -> Bool in
            guard state.batches.removeValue(forKey: batchID) != nil else { return false }
            state.batchOrder.removeAll { $0 == batchID }
            return true
        }
        guard removed else { throw .notFound("Transaction line batch \(batchID) not found") }
        return MinoxAnswer(status: 204, body: nil)
    }

    /// `GET /year/{y}/transaction_lines?period=n`: every line booked in that year (and period), in
    /// booking order. Without `period`, the whole year [Guess]. No paging: the parameters are unknown (§2.3).
    func lines(year: String, _ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        guard let fiscalYear = Int(year) else { throw .badRequest("year must be a number") }
        var period: Int?
        if let text = request.query["period"] {
            guard let number = Int(text), (1...12).contains(number) else { throw .badRequest("period must be 1 to 12") }
            period = number
        }
        let lines = try sandbox.books.withState { state throws(MinoxError) -> [JSONValue] in
            state.batchOrder.flatMap { state.batches[$0]?.lines ?? [] }.filter { line in
                line["period"]?["fiscal_year"]?.text == String(fiscalYear)
                    && (period == nil || line["period"]?["id"]?.text == String(period!))
            }
        }
        return .collection(lines)
    }

    /// `GET /receivable?status=open|paid`: one item per debtor line, fields as OTW `docs/receivable.rst`.
    /// Paid ⇔ `balance == 0` [Inferred]; no `status` lists all.
    func receivables(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let status = request.query["status"]
        guard status == nil || status == "open" || status == "paid" else { throw .badRequest("status must be open or paid") }
        let items = try sandbox.books.withState { state throws(MinoxError) -> [JSONValue] in
            var items: [JSONValue] = []
            for id in state.batchOrder {
                for item in state.batches[id]?.openItems ?? [] {
                    let paid = state.paidAmount(item)
                    let balance = item.total - paid
                    if status == "open" && balance == 0 || status == "paid" && balance != 0 { continue }
                    items.append(.object([
                        ("type", .string("invoice")), ("account_id", .int(item.customerID)),
                        ("account", .object([
                            ("id", .string(String(item.customerID))), ("scheme", .string("MINOX")),
                            ("type", .string("customer")), ("description", .string(state.customers[item.customerID]?.name ?? "")),
                        ])),
                        ("invoice_number", .int(item.invoiceNumber)), ("invoice_date", .string(item.date + "T00:00:00+01:00")),
                        ("due_date", .string(item.dueDate)), ("total", .number(MinoxAmount.text(item.total))),
                        ("paid", .number(MinoxAmount.text(paid))), ("balance", .number(MinoxAmount.text(balance))),
                        ("blocked", .bool(false)), ("currency", .string("EUR")),
                    ]))
                }
            }
            return items
        }
        return .collection(items)
    }

    static func batchJSON(_ id: String, _ lines: [JSONValue]) -> JSONValue {
        .object([("id", .string(id)), ("collection", .array(lines))])
    }
}
