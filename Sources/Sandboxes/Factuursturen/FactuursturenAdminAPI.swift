import SandboxSupport

/// `/sandbox/...`: switches and helpers for tests; not rate limited, not counted, no authentication.
///
/// - `GET|POST /sandbox/faults`: read or change the fault switches (`FactuursturenFaultSettings`)
/// - `POST /sandbox/reset`: empty the books, restart the budget, counters and faults
/// - `GET /sandbox/stats`, `POST /sandbox/stats/reset`: `/api/v1` requests per endpoint
/// - `POST /sandbox/today` `{"today": "2026-03-01"}`: the sent date of the invoices made from now on
///   (`{"today": null}`: the calendar's again), so a test can fill a period
/// - `POST /sandbox/clients/import`, `POST /sandbox/invoices/import`, `POST /sandbox/invoices/{nr}/change`:
///   the books filled or changed in bulk (`FactuursturenImportAPI`)
struct FactuursturenAdminAPI {
    let sandbox: FactuursturenSandbox

    func handle(_ request: FactuursturenRequest) throws(FactuursturenError) -> FactuursturenAnswer {
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
        case ("POST", ["today"]):
            let value = try request.json()["today"]
            let today = value?.text
            if let today, FactuursturenBooks.dayNumber(today) == nil { throw .badRequest("today must be YYYY-MM-DD") }
            if today == nil, value?.isNull != true { throw .badRequest("today must be YYYY-MM-DD or null") }
            let shown = try sandbox.books.withState { state throws(FactuursturenError) -> String in
                state.today = today
                return FactuursturenBooks.todayText(state)
            }
            return .ok(.object([("today", .string(shown))]))
        case ("POST", ["clients", "import"]): return try FactuursturenImportAPI(sandbox: sandbox).importClients(request)
        case ("POST", ["invoices", "import"]): return try FactuursturenImportAPI(sandbox: sandbox).importInvoices(request)
        case ("POST", let path) where path.match("invoices", "*", "change") != nil:
            return try FactuursturenImportAPI(sandbox: sandbox).change(path[1], request)
        default: throw .notFound()
        }
    }
}
