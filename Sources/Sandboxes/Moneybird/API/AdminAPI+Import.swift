import Foundation
import SandboxSupport

/// Bulk imports, so a benchmark can fill an administration with a million invoices in minutes.
extension AdminAPI {
    static let importLimit = 1_000
    static let importStates = ["draft", "open", "paid"]

    /// `POST /sandbox/{adm}/sales_invoices/import`; see `AdminAPI`.
    func importInvoices(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        _ = try sandbox.administration(administration)
        let body = try request.json()
        let items = try Self.batch(body, member: "sales_invoices", label: "Sales invoices")
        let state = body["state"]?.nonBlankText ?? "draft"
        guard Self.importStates.contains(state) else {
            throw .validation([("state", "is not included in the list", "inclusion")])
        }
        var batch: [JSONValue] = []
        for item in items { batch.append(try SalesInvoicesAPI.invoiceFields(item)) }
        let now = Date()
        let ids = try sandbox.write { tx -> [String] in
            let master = try sandbox.masterData(tx, administration: administration)
            return try batch.map { fields in
                var invoice = try SalesInvoicesAPI.draft(
                    fields, administration: administration, tx: tx, master: master, now: now)
                if state != "draft" {
                    try SalesInvoicesAPI.requireDetails(invoice)
                    try SalesInvoicesAPI.markSent(&invoice, invoiceDate: nil, tx: tx, master: master, now: now)
                }
                if state == "paid", invoice.state != "paid" {
                    // As koppel books a paid order: one payment of the whole total on the invoice date.
                    let unpaid = InvoiceTotals(invoice: invoice, master: master).totalUnpaid
                    let payment = Payment(
                        id: try tx.nextID(), invoiceID: invoice.id, price: Money.round(unpaid).description,
                        paymentDate: invoice.invoiceDate ?? SalesInvoicesAPI.today(), financialAccountID: nil,
                        transactionIdentifier: nil, manualPaymentAction: nil, ledgerAccountID: nil, createdAt: now)
                    SalesInvoicesAPI.register(payment, on: &invoice, master: master, now: now)
                }
                try tx.saveInvoice(invoice)
                return invoice.id
            }
        }
        return .created(Self.imported(ids))
    }

    /// `POST /sandbox/{adm}/contacts/import`; see `AdminAPI`.
    func importContacts(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        _ = try sandbox.administration(administration)
        let items = try Self.batch(try request.json(), member: "contacts", label: "Contacts")
        var batch: [JSONValue] = []
        for item in items { batch.append(try ContactsAPI.contactFields(item)) }
        let now = Date()
        let ids = try sandbox.write { tx -> [String] in
            try batch.map { fields in
                let contact = try ContactsAPI.newContact(fields, administration: administration, tx: tx, now: now)
                try tx.save(contact, kind: .contact, administration: administration, id: contact.id)
                return contact.id
            }
        }
        return .created(Self.imported(ids))
    }

    /// The array `member` of an import body, with at most `importLimit` items.
    private static func batch(_ body: JSONValue, member: String, label: String) throws(SandboxError) -> [JSONValue] {
        guard let value = body[member], !value.isNull else {
            throw .badRequest("\(label) is required", symbolic: [(member, "required")])
        }
        guard let items = value.arrayValue else {
            throw .badRequest("\(label) isn't an array", symbolic: [(member, "not_an_array")])
        }
        guard items.count <= importLimit else {
            throw .badRequest("\(label) can contain at most \(importLimit) records", symbolic: [(member, "too_many")])
        }
        return items
    }

    private static func imported(_ ids: [String]) -> JSONValue {
        .object([("imported", .int(ids.count)), ("ids", .array(ids.map(JSONValue.string)))])
    }
}
