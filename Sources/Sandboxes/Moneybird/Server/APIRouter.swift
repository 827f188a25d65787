import Foundation

/// Routes `/api/v2/...` requests (path components after `v2`, `.json` removed) to their handlers, with
/// the endpoint's name for the request counter and the scopes it needs.
struct APIRouter {
    let sandbox: Sandbox

    /// The counter name of an endpoint, e.g. `GET /sales_invoices/{id}`; ids replaced by placeholders. Fault
    /// rules name their endpoint this way too.
    static func endpoint(method: String, path: [String]) -> String {
        guard let first = path.first else { return "\(method) /" }
        if first == "administrations" { return "\(method) /administrations" }
        var parts: [String] = []
        for (index, part) in path.dropFirst().enumerated() {
            // Checked before ids: a reference of digits only is still a reference.
            if index == 2, path[2] == "find_by_reference" {
                parts.append("{reference}")
            } else if index >= 1, part.allSatisfy(\.isNumber) {
                parts.append("{id}")
            } else {
                parts.append(part)
            }
        }
        return "\(method) /" + parts.joined(separator: "/")
    }

    /// The administration a request spends its rate budget on; `/administrations` spends the token's.
    static func budgetKey(path: [String], authorization: String?) -> String {
        if let first = path.first, first != "administrations" { return "administration:" + first }
        return "token:" + (authorization ?? "")
    }

    func route(_ request: APIRequest, authorization: String?) throws(SandboxError) -> APIAnswer {
        let granted = try BearerAuthentication(sandbox: sandbox).scopes(authorization: authorization)
        let path = request.path
        let method = request.method
        if path == ["administrations"], method == "GET" {
            return MasterDataAPI(sandbox: sandbox).administrations()
        }
        guard path.count >= 2 else { throw .notFound() }
        let adm = path[0]
        _ = try sandbox.administration(adm)
        let contacts = ContactsAPI(sandbox: sandbox)
        let invoices = SalesInvoicesAPI(sandbox: sandbox)
        let master = MasterDataAPI(sandbox: sandbox)
        let rest = Array(path.dropFirst())

        switch rest.first {
        case "contacts":
            try BearerAuthentication.require(
                ["estimates", "sales_invoices", "documents", "bank", "settings"], in: granted, resource: "contacts")
        case "sales_invoices":
            try BearerAuthentication.require(["sales_invoices"], in: granted, resource: "sales_invoices")
        default:
            try BearerAuthentication.require(
                ["settings", "sales_invoices", "documents", "estimates"], in: granted, resource: rest.first ?? "")
        }

        switch method {
        case "GET":
            if rest == ["contacts"] { return try contacts.list(request, administration: adm) }
            if let p = rest.match("contacts", "*") { return try contacts.get(p[0], administration: adm) }
            if rest == ["sales_invoices"] { return try invoices.list(request, administration: adm) }
            if rest == ["sales_invoices", "synchronization"] {
                return try invoices.synchronizationList(request, administration: adm)
            }
            if let p = rest.match("sales_invoices", "find_by_reference", "*") {
                return try invoices.findByReference(p[0], administration: adm)
            }
            if let p = rest.match("sales_invoices", "*") { return try invoices.get(p[0], administration: adm) }
            if rest == ["tax_rates"] { return try master.taxRates(request, administration: adm) }
            if rest == ["ledger_accounts"] { return try master.ledgerAccounts(administration: adm) }
            if rest == ["workflows"] { return try master.workflows(request, administration: adm) }
            if rest == ["document_styles"] { return try master.documentStyles(request, administration: adm) }
        case "POST":
            if rest == ["contacts"] { return try contacts.create(request, administration: adm) }
            if rest == ["sales_invoices"] { return try invoices.create(request, administration: adm) }
            if rest == ["sales_invoices", "synchronization"] {
                return try invoices.synchronizationFetch(request, administration: adm)
            }
            if let p = rest.match("sales_invoices", "*", "payments") {
                return try invoices.pay(p[0], request, administration: adm)
            }
        case "PATCH":
            if let p = rest.match("sales_invoices", "*", "send_invoice") {
                return try invoices.send(p[0], request, administration: adm)
            }
            if let p = rest.match("sales_invoices", "*", "duplicate_creditinvoice") {
                return try invoices.duplicateCreditInvoice(p[0], request, administration: adm)
            }
            if let p = rest.match("sales_invoices", "*", "register_payment_creditinvoice") {
                return try invoices.settleCreditInvoice(p[0], request, administration: adm)
            }
        default: break
        }
        throw .notFound()
    }
}
