import Foundation
import SandboxSupport

/// `/sandbox/...`: switches and helpers for tests. Not rate limited, not counted, no authentication.
///
/// - `GET|POST /sandbox/faults` — read or change the fault switches (JSON members as in `FaultSettings`);
///   `"rules": [{"endpoint": "PATCH /sales_invoices/{id}/send_invoice", "fault": "rate_limit", "count": 1}]`
///   replaces the targeted faults (see `FaultRule`); endpoints are named as in `/sandbox/stats`
/// - `POST /sandbox/reset` — empty contacts and invoices, reset rate windows, counters and faults
/// - `GET /sandbox/stats`, `POST /sandbox/stats/reset` — `/api/v2` requests counted per endpoint
/// - `POST /sandbox/oauth/expire` — let every issued access token expire now
/// - `PATCH /sandbox/{adm}/sales_invoices/{id}` — edit a line: `{"line": 0, "price", "amount", "tax_rate_id"}`
///   or `"tax_percentage"` (looked up among the sales rates), as someone editing a booking in Moneybird would;
///   the price is kept with two decimals, as on create
/// - `DELETE /sandbox/{adm}/sales_invoices/{id}`, `POST /sandbox/{adm}/sales_invoices/{id}/duplicate`
/// - `PATCH /sandbox/{adm}/contacts/{id}` — change name and address fields
/// - `POST /sandbox/{adm}/sales_invoices/import` — `{"sales_invoices": [{...}, ...], "state": "draft"}`: up to
///   1,000 invoices with the members of `POST /sales_invoices`'s `sales_invoice`, each validated as that create
///   does; `state` `draft` (default), `open` (sent as `Manual`) or `paid` (sent, and paid in full on the invoice
///   date). All are stored in one transaction or none: the first invalid one answers the create's 422 (or, for
///   `open` and `paid`, `send_invoice`'s 400 when it has no lines).
///   201 `{"imported": n, "ids": ["...", ...]}`, ids in the order given
/// - `POST /sandbox/{adm}/contacts/import` — `{"contacts": [{...}, ...]}`: up to 1,000 contacts with the members
///   of `POST /contacts`'s `contact`, the same way; 201 `{"imported": n, "ids": [...]}`
struct AdminAPI {
    let sandbox: Sandbox

    func handle(_ request: APIRequest) throws(SandboxError) -> APIAnswer {
        let path = request.path
        switch request.method {
        case "GET":
            if path == ["faults"] { return .ok(sandbox.faults.settings.json) }
            if path == ["stats"] { return .ok(sandbox.stats.json) }
        case "POST", "PATCH", "DELETE":
            if path == ["faults"] { return .ok(try sandbox.faults.update(try request.json()).json) }
            if path == ["reset"] {
                do { try sandbox.reset() } catch { throw .internalServerError() }
                return .ok(.object([("reset", .bool(true))]))
            }
            if path == ["stats", "reset"] {
                sandbox.stats.reset()
                return .ok(sandbox.stats.json)
            }
            if path == ["oauth", "expire"] { return try expireTokens() }
            if request.method == "POST", let p = path.match("*", "sales_invoices", "import") {
                return try importInvoices(request, administration: p[0])
            }
            if request.method == "POST", let p = path.match("*", "contacts", "import") {
                return try importContacts(request, administration: p[0])
            }
            if request.method == "PATCH", let p = path.match("*", "sales_invoices", "*") {
                return try editInvoice(p[1], request, administration: p[0])
            }
            if request.method == "DELETE", let p = path.match("*", "sales_invoices", "*") {
                let deleted = try sandbox.write { tx in try tx.deleteInvoice(p[1], administration: p[0]) }
                guard deleted else { throw .recordNotFound() }
                return APIAnswer(status: 204, body: nil)
            }
            if request.method == "POST", let p = path.match("*", "sales_invoices", "*", "duplicate") {
                return try duplicate(p[1], administration: p[0])
            }
            if request.method == "PATCH", let p = path.match("*", "contacts", "*") {
                return try editContact(p[1], request, administration: p[0])
            }
        default: break
        }
        throw .notFound()
    }

    private func expireTokens() throws(SandboxError) -> APIAnswer {
        let count = try sandbox.write { tx in
            let tokens = try tx.all(AccessToken.self, kind: .token, administration: "")
            for var token in tokens {
                token.expiresAt = Date(timeIntervalSince1970: 0)
                try tx.save(token, kind: .token, administration: "", id: token.accessToken)
            }
            return tokens.count
        }
        return .ok(.object([("expired", .int(count))]))
    }

    private func editInvoice(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let body = try request.json()
        let now = Date()
        return .ok(
            try sandbox.write { tx in
                var invoice = try SalesInvoicesAPI.find(tx, id, administration: administration)
                let master = try sandbox.masterData(tx, administration: administration)
                let line = Int(body["line"]?.text ?? "0") ?? 0
                guard invoice.details.indices.contains(line) else {
                    throw SandboxError.validation([("line", "does not exist", "not_found")])
                }
                if let value = body["price"] {
                    guard let price = Money.parse(value) else {
                        throw SandboxError.validation([("price", "is not a number", "not_a_number")])
                    }
                    invoice.details[line].price = Money.unitPrice(price).description
                }
                if let value = body["amount"] {
                    guard let amount = Money.parse(value) else {
                        throw SandboxError.validation([("amount", "is not a number", "not_a_number")])
                    }
                    invoice.details[line].amount = amount.description
                }
                if let id = body["tax_rate_id"]?.nonBlankText {
                    guard master.taxRates.contains(where: { $0.id == id }) else {
                        throw SandboxError.validation([("tax_rate_id", "does not exist", "not_found")])
                    }
                    invoice.details[line].taxRateID = id
                }
                if let percentage = Money.parse(body["tax_percentage"]) {
                    guard
                        let rate = master.taxRates.first(where: {
                            $0.rate == percentage && $0.taxRateType == "sales_invoice" && $0.country == nil
                        })
                    else { throw SandboxError.validation([("tax_percentage", "has no sales rate", "not_found")]) }
                    invoice.details[line].taxRateID = rate.id
                }
                if let text = body["description"]?.text { invoice.details[line].description = text }
                if let text = body["reference"]?.text { invoice.reference = text }
                invoice.details[line].updatedAt = now
                invoice.updatedAt = now
                invoice.version = Timestamps.version(now, after: invoice.version)
                try tx.saveInvoice(invoice)
                return try SalesInvoicesAPI.render(invoice, tx, master: master)
            })
    }

    private func duplicate(_ id: String, administration: String) throws(SandboxError) -> APIAnswer {
        let now = Date()
        return .created(
            try sandbox.write { tx in
                var copy = try SalesInvoicesAPI.find(tx, id, administration: administration)
                copy.id = try tx.nextID()
                for index in copy.details.indices { copy.details[index].id = try tx.nextID() }
                if copy.invoiceID != nil {
                    let year = (copy.invoiceDate ?? SalesInvoicesAPI.today()).prefix(4)
                    let number = try tx.next("invoice:\(administration):\(year)")
                    copy.invoiceID = SalesInvoicesAPI.invoiceNumber(year, number)
                }
                copy.createdAt = now
                copy.updatedAt = now
                copy.version = Timestamps.version(now)
                try tx.saveInvoice(copy)
                let master = try sandbox.masterData(tx, administration: administration)
                return try SalesInvoicesAPI.render(copy, tx, master: master)
            })
    }

    private func editContact(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let body = try request.json()
        let now = Date()
        return .ok(
            try sandbox.write { tx in
                guard var contact = try tx.find(Contact.self, kind: .contact, administration: administration, id: id)
                else { throw SandboxError.recordNotFound() }
                let edits: [(String, WritableKeyPath<Contact, String?>)] = [
                    ("company_name", \.companyName), ("firstname", \.firstname), ("lastname", \.lastname),
                    ("address1", \.address1), ("address2", \.address2), ("zipcode", \.zipcode), ("city", \.city),
                    ("country", \.country), ("email", \.email), ("send_invoices_to_email", \.sendInvoicesToEmail),
                    ("tax_number", \.taxNumber), ("phone", \.phone),
                ]
                for (key, path) in edits {
                    guard let value = body[key] else { continue }
                    contact[keyPath: path] = value.nonBlankText
                }
                contact.updatedAt = now
                contact.version = Timestamps.version(now, after: contact.version)
                try tx.save(contact, kind: .contact, administration: administration, id: id)
                return contact.json
            })
    }
}
