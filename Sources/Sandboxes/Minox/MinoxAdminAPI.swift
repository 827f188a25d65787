import Foundation
import SandboxSupport

/// `/sandbox/...`: switches and helpers for tests; not rate limited, not counted, no authentication.
///
/// - `GET|POST /sandbox/faults`: read or change the fault switches (`MinoxFaultSettings`)
/// - `POST /sandbox/reset`: empty the books, restart rate windows, counters and faults
/// - `GET /sandbox/stats`, `POST /sandbox/stats/reset`: `/api/1` requests per endpoint
/// - `POST /sandbox/oauth/expire`: let every issued access token expire now
/// - `POST /sandbox/receivable/payment` `{"account_id": 100001, "invoice_number": 8855, "amount": 31.00}`:
///   a payment on an open item, as a bank statement processed in Minox would register it
/// - `POST /sandbox/customer/import` `{"customers": [customer, ...]}`: up to 1,000 customers as
///   `POST /customer` takes each, in one step; answers their ids
/// - `POST /sandbox/transaction_line_batch/import` `{"batches": [{"id": uuid, "lines": [line, ...]}, ...]}`:
///   up to 1,000 journal entries as `PUT /transaction_line_batch/{uuid}` takes each, so a benchmark
///   fills a year with 100,000 entries in seconds; answers how many were stored
struct MinoxAdminAPI {
    let sandbox: MinoxSandbox

    func handle(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        switch (request.method, request.path) {
        case ("GET", ["faults"]): return .ok(sandbox.faults.json)
        case ("POST", ["faults"]): return .ok(try sandbox.faults.update(try request.json()))
        case ("POST", ["reset"]):
            sandbox.reset()
            return .ok(.object([("reset", .bool(true))]))
        case ("GET", ["stats"]): return .ok(sandbox.stats.json)
        case ("POST", ["stats", "reset"]):
            sandbox.stats.reset()
            return .ok(sandbox.stats.json)
        case ("POST", ["oauth", "expire"]):
            let count = try sandbox.books.withState { state throws(MinoxError) -> Int in
                for key in state.tokens.keys { state.tokens[key]?.expiresAt = Date(timeIntervalSince1970: 0) }
                return state.tokens.count
            }
            return .ok(.object([("expired", .int(count))]))
        case ("POST", ["receivable", "payment"]): return try pay(request)
        case ("POST", ["customer", "import"]): return try importCustomers(request)
        case ("POST", ["transaction_line_batch", "import"]): return try importBatches(request)
        default: throw .notFound()
        }
    }

    private func pay(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let body = try request.json()
        guard let account = body["account_id"]?.text.flatMap({ Int($0) }),
            let invoice = body["invoice_number"]?.text.flatMap({ Int($0) }),
            let amountText = body["amount"]?.text, let amount = MinoxAmount.cents(amountText, rounding: false)
        else { throw .validation("account_id, invoice_number and amount are required") }
        let balance = try sandbox.books.withState { state throws(MinoxError) -> Int64 in
            let items = state.batches.values.flatMap(\.openItems).filter { $0.customerID == account && $0.invoiceNumber == invoice }
            guard !items.isEmpty else { throw .notFound("No open item \(invoice) for account \(account)") }
            state.paid["\(account)/\(invoice)", default: 0] += amount
            return items.map(\.total).reduce(0, +) - state.paid["\(account)/\(invoice)"]!
        }
        return .ok(.object([("balance", .number(MinoxAmount.text(balance)))]))
    }

    static let importLimit = 1_000

    private func items(_ request: MinoxRequest, _ member: String) throws(MinoxError) -> [JSONValue] {
        guard let items = try request.json()[member]?.arrayValue else { throw .validation("\(member) must be a list") }
        guard items.count <= Self.importLimit else { throw .validation("at most \(Self.importLimit) \(member) at once") }
        return items
    }

    /// Every customer stored or none.
    private func importCustomers(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let items = try items(request, "customers")
        let assigns = sandbox.configuration.assignsCustomerNumbers
        let ids = try sandbox.books.withState { state throws(MinoxError) -> [Int] in
            var changed = state
            var ids: [Int] = []
            for item in items { ids.append(try MinoxCustomerAPI.store(item, assigningNumbers: assigns, in: &changed).id) }
            state = changed
            return ids
        }
        return .created(.object([("ids", .array(ids.map { .int($0) }))]))
    }

    /// Every batch stored or none.
    private func importBatches(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let items = try items(request, "batches")
        let transactions = MinoxTransactionAPI(sandbox: sandbox)
        var batches: [(id: String, lines: JSONValue)] = []
        for item in items {
            guard let id = item["id"]?.text, let lines = item["lines"] else { throw .validation("each batch needs an id and lines") }
            batches.append((try transactions.checkedBatchID(id), lines))
        }
        let validation = MinoxBatchValidation(master: sandbox.master, rounding: !sandbox.configuration.refusesSubCentAmounts)
        let stored = try sandbox.books.withState { state throws(MinoxError) -> Int in
            var changed = state
            for batch in batches { _ = try MinoxTransactionAPI.store(batch.lines, batchID: batch.id, validation: validation, in: &changed) }
            state = changed
            return batches.count
        }
        return .created(.object([("stored", .int(stored))]))
    }
}
