import SandboxSupport

/// The read side of Asperion's partner REST API under `/v1` [C-one: GOASP, apis.md §4.2], enough for a
/// reconciler to read the concept invoices back: administrations, sales invoices with and without lines,
/// debtors. Writes (`POST … ?validateOnly=`) are not served: koppel delivers by file [sandbox choice].
struct AsperionRESTAPI {
    let sandbox: AsperionSandbox

    /// The counter name of an endpoint, ids as placeholders: `GET /v1/salesinvoiceswithlines/{id}`.
    static func endpoint(method: String, path: [String]) -> String {
        "\(method) /v1/" + path.enumerated().map { $0.offset == 0 ? $0.element : "{id}" }.joined(separator: "/")
    }

    func route(_ request: AsperionRequest, tenant: Int) throws(AsperionProblem) -> AsperionAnswer {
        guard request.method == "GET" else {
            if ["salesinvoices", "salesinvoiceswithlines", "debtors", "administrations"].contains(
                request.path.first ?? "")
            {
                throw .methodNotAllowed()
            }
            throw .notFound()
        }
        switch request.path {
        case ["administrations"]: return .ok(try administrations(request))
        case ["salesinvoices"]: return .ok(try salesInvoices(request, tenant: tenant, withLines: false))
        case ["salesinvoiceswithlines"]: return .ok(try salesInvoices(request, tenant: tenant, withLines: true))
        case ["debtors"]: return .ok(try debtors(request, tenant: tenant))
        case let path where path.match("salesinvoices", "*") != nil:
            return .ok(try salesInvoice(path[1], tenant: tenant, withLines: false))
        case let path where path.match("salesinvoiceswithlines", "*") != nil:
            return .ok(try salesInvoice(path[1], tenant: tenant, withLines: true))
        case let path where path.match("debtors", "*") != nil: return .ok(try debtor(path[1], tenant: tenant))
        default: throw .notFound()
        }
    }

    /// The administrations the token may read, in the list envelope.
    private func administrations(_ request: AsperionRequest) throws(AsperionProblem) -> JSONValue {
        let query = try AsperionListQuery(request.query, configuration: sandbox.configuration)
        let readable = sandbox.configuration.tenants.filter { sandbox.tokenReads(request.bearerToken, tenant: $0.id) }
        let items: [JSONValue] = readable.map { .object([("id", .int($0.id)), ("name", .string($0.name))]) }
        return query.envelope(items, path: "/v1/administrations", tenant: readable.first?.id ?? 0)
    }

    /// Filters [GUESS, names and meaning]: `dateFrom`, `dateTo` (the invoice date, inclusive), `description`
    /// (a case-insensitive part), `debtorId`; `orderBy` `id` (default) or `date`, either with ` desc`.
    private func salesInvoices(_ request: AsperionRequest, tenant: Int, withLines: Bool) throws(AsperionProblem)
        -> JSONValue
    {
        let query = try AsperionListQuery(request.query, configuration: sandbox.configuration)
        let from = try query.day("dateFrom")
        let to = try query.day("dateTo")
        let debtorID = try query.whole("debtorId")
        let description = query.text("description")?.lowercased()
        let order = (query.text("orderBy") ?? "id").lowercased().split(separator: " ").map(String.init)
        guard let key = order.first, ["id", "date"].contains(key),
            order.count == 1 || (order.count == 2 && ["asc", "desc"].contains(order[1]))
        else { throw .badRequest("orderBy must be id or date, optionally followed by asc or desc", field: "orderBy") }
        let invoices = try sandbox.books.withState { state throws(AsperionProblem) in
            state.invoices.filter { $0.tenant == tenant }
        }
        var chosen = invoices.filter { invoice in
            let day = AsperionBooks.dayNumber(invoice.date) ?? 0
            if let from, day < from { return false }
            if let to, day > to { return false }
            if let debtorID, invoice.debtorID != debtorID { return false }
            if let description, !invoice.description.lowercased().contains(description) { return false }
            return true
        }
        if key == "date" { chosen.sort { ($0.date, $0.id) < ($1.date, $1.id) } }
        if order.count == 2 && order[1] == "desc" { chosen.reverse() }
        let path = withLines ? "/v1/salesinvoiceswithlines" : "/v1/salesinvoices"
        return query.envelope(
            chosen.map { AsperionRendering.salesInvoice($0, withLines: withLines) }, path: path, tenant: tenant)
    }

    /// One invoice, bare [GUESS: GOASP's single gets decode the object itself]; 404 when it is another
    /// administration's.
    private func salesInvoice(_ id: String, tenant: Int, withLines: Bool) throws(AsperionProblem) -> JSONValue {
        guard let number = Int(id) else { throw .notFound("Sales invoice \(id) was not found") }
        let found = try sandbox.books.withState { state throws(AsperionProblem) in
            state.invoices.first { $0.id == number && $0.tenant == tenant }
        }
        guard let found else { throw .notFound("Sales invoice \(number) was not found") }
        return AsperionRendering.salesInvoice(found, withLines: withLines)
    }

    /// Filters `customerNumber` and `email` (exact; the e-mail without regard to case) [C-one: GOASP names them].
    private func debtors(_ request: AsperionRequest, tenant: Int) throws(AsperionProblem) -> JSONValue {
        let query = try AsperionListQuery(request.query, configuration: sandbox.configuration)
        let customerNumber = query.text("customerNumber")
        let email = query.text("email")?.lowercased()
        let debtors = try sandbox.books.withState { state throws(AsperionProblem) in
            state.debtors.filter { $0.tenant == tenant }
        }
        let chosen = debtors.filter { debtor in
            if let customerNumber, debtor.customerNumber != customerNumber { return false }
            if let email, debtor.email.lowercased() != email { return false }
            return true
        }
        return query.envelope(chosen.map(AsperionRendering.debtor), path: "/v1/debtors", tenant: tenant)
    }

    private func debtor(_ id: String, tenant: Int) throws(AsperionProblem) -> JSONValue {
        let found = try sandbox.books.withState { state throws(AsperionProblem) in
            state.debtors.first { String($0.id) == id && $0.tenant == tenant }
        }
        guard let found else { throw .notFound("Debtor \(id) was not found") }
        return AsperionRendering.debtor(found)
    }
}
