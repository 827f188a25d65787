import SandboxSupport

/// `/sandbox/...`: switches and helpers for tests; not rate limited, not counted, no authentication.
///
/// - `GET|POST /sandbox/faults`: read or change the fault switches (`AsperionFaultSettings`)
/// - `POST /sandbox/reset`: empty the books, restart the budget, counters and faults
/// - `GET /sandbox/stats`, `POST /sandbox/stats/reset`: `/v1` and upload requests per endpoint
/// - `POST /sandbox/import` `{}` or `{"administrationId": 100001, "name": "…xml"}`: the owner's
///   "Synchroniseren" (manual 003 §7): imports the waiting files (all, one administration's, or one file);
///   answers the reports of the files it imported
/// - `PATCH /sandbox/salesinvoices/{id}` `{"line": 0, "amountCents": 1234, "vatAmountCents": 259, "date": "…"}`:
///   the owner editing a concept invoice in Asperion (every member optional; amounts in cents, the
///   line's amount excluding VAT); answers the invoice as `/v1` shows it
struct AsperionAdminAPI {
    let sandbox: AsperionSandbox

    func handle(_ request: AsperionRequest) throws(AsperionProblem) -> AsperionAnswer {
        if request.method == "PATCH", request.path.count == 2, request.path[0] == "salesinvoices" {
            guard let id = Int(request.path[1]) else { throw .notFound("No sales invoice \(request.path[1])") }
            return .ok(try sandbox.editInvoice(id, try AsperionInvoiceEdit(try request.json())))
        }
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
        case ("POST", ["import"]):
            let body = try request.json()
            var tenant: Int?
            if let value = body["administrationId"], !value.isNull {
                guard let text = value.text, let id = Int(text) else {
                    throw .badRequest("administrationId must be a whole number", field: "administrationId")
                }
                tenant = id
            }
            let name = body["name"]?.text
            let imported = try sandbox.importWaiting(tenant: tenant, name: name)
            return .ok(.object([("imported", .array(imported.map(AsperionRendering.report)))]))
        default: throw .notFound()
        }
    }
}
