import Foundation
import SandboxSupport

/// `/{administration_id}/sales_invoices`: create, read, find by reference, list, synchronization.
struct SalesInvoicesAPI {
    let sandbox: Sandbox

    static func today() -> String { Timestamps.day(Date()) }

    /// The full `sales_invoice_response` of one invoice, with its contact.
    static func render(_ invoice: SalesInvoice, _ tx: StoreTransaction, master: MasterData) throws -> JSONValue {
        var renderer = InvoiceRenderer(tx, master: master)
        return try renderer.render(invoice)
    }

    static func find(_ tx: StoreTransaction, _ id: String, administration: String) throws -> SalesInvoice {
        guard let invoice = try tx.invoice(id, administration: administration) else {
            throw SandboxError.recordNotFound()
        }
        return invoice
    }

    func get(_ id: String, administration: String) throws(SandboxError) -> APIAnswer {
        .ok(
            try sandbox.read { tx in
                try Self.render(
                    Self.find(tx, id, administration: administration), tx,
                    master: sandbox.masterData(tx, administration: administration))
            })
    }

    /// The oldest invoice with the reference; 404 `{"error": "Sales invoice with reference: 1337 was not found", ...}`.
    func findByReference(_ reference: String, administration: String) throws(SandboxError) -> APIAnswer {
        .ok(
            try sandbox.read { tx in
                guard let invoice = try tx.invoice(reference: reference, administration: administration) else {
                    throw SandboxError.notFound(
                        "Sales invoice with reference: \(reference) was not found", symbolic: [("reference", "not_found")])
                }
                return try Self.render(invoice, tx, master: sandbox.masterData(tx, administration: administration))
            })
    }

    /// Oldest first, `page`/`per_page` (at most 100) with `Link` headers; filtered and paginated by the store.
    func list(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        let today = Self.today()
        let condition = try InvoiceFilter(request.query["filter"], today: today).condition(today: today)
        return try sandbox.read { tx in
            let found = try tx.invoicePage(
                administration: administration, matching: condition, page: page, perPage: perPage)
            var renderer = InvoiceRenderer(tx, master: try sandbox.masterData(tx, administration: administration))
            return APIAnswer(
                status: 200, body: .array(try renderer.render(found.invoices)),
                headers: PageLinks.headers(request, page: page, perPage: perPage, total: found.total))
        }
    }

    /// `GET …/synchronization`: every matching id with its version, unpaginated, written out row
    /// by row (a million invoices are about 50 MB of JSON, and nothing more is held).
    /// Unknown filter keys are ignored here (spec example "Ignores unknown attribute names in the
    /// filter string", `filter:open`); which of the defaults then apply is not documented: a guess,
    /// none, as for any filter given.
    func synchronizationList(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let today = Self.today()
        let condition = try InvoiceFilter(request.query["filter"], today: today, ignoringUnknownKeys: true).condition(today: today)
        return try sandbox.read { tx in
            var body = Data("[".utf8)
            var first = true
            try tx.eachInvoiceVersion(administration: administration, matching: condition) { id, version in
                body.append(contentsOf: first ? #"{"id":""#.utf8 : #",{"id":""#.utf8)
                body.append(contentsOf: id.utf8)
                body.append(contentsOf: #"","version":"#.utf8)
                body.append(contentsOf: String(version).utf8)
                body.append(UInt8(ascii: "}"))
                first = false
            }
            body.append(UInt8(ascii: "]"))
            return APIAnswer(status: 200, body: nil, serializedBody: body)
        }
    }

    /// `POST …/synchronization` with `{"ids": [...]}`: the full records of the first 100 ids, in
    /// their order; unknown ids are left out. The spec: "Returns a maximum of 100 invoice, even if
    /// more ids are provided" (which 100 is not said: the first, a guess).
    func synchronizationFetch(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let body = try request.json()
        guard let value = body["ids"], !value.isNull else {
            throw .badRequest("Ids is required", symbolic: [("ids", "required")])
        }
        guard let items = value.arrayValue else {
            throw .badRequest("Ids isn't an array", symbolic: [("ids", "not_an_array")])
        }
        let ids = items.prefix(100).compactMap(\.text)
        return try sandbox.read { tx in
            var renderer = InvoiceRenderer(tx, master: try sandbox.masterData(tx, administration: administration))
            let invoices = try ids.compactMap { try tx.invoice($0, administration: administration) }
            return .ok(.array(try renderer.render(invoices)))
        }
    }
}
