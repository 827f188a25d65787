import Foundation

/// `/{administration_id}/sales_invoices`: create, read, find by reference, list, synchronization.
struct SalesInvoicesAPI {
    let sandbox: Sandbox

    static func today() -> String { Timestamps.day(Date()) }

    /// The full `sales_invoice_response` with its contact.
    static func render(_ invoice: SalesInvoice, _ tx: StoreTransaction, master: MasterData) throws -> JSONValue {
        let contact = try tx.find(
            Contact.self, kind: .contact, administration: invoice.administrationID, id: invoice.contactID)
        return invoice.json(contact: contact, percentages: master.percentages, reportReferences: master.reportReferences)
    }

    static func find(_ tx: StoreTransaction, _ id: String, administration: String) throws -> SalesInvoice {
        guard let invoice = try tx.find(SalesInvoice.self, kind: .salesInvoice, administration: administration, id: id)
        else { throw SandboxError.recordNotFound() }
        return invoice
    }

    func get(_ id: String, administration: String) throws(SandboxError) -> APIAnswer {
        .ok(
            try sandbox.read { tx in
                try Self.render(
                    Self.find(tx, id, administration: administration), tx,
                    master: MasterData(tx, administration: administration))
            })
    }

    /// 404 `{"error": "Sales invoice with reference: 1337 was not found", ...}` when none has it.
    func findByReference(_ reference: String, administration: String) throws(SandboxError) -> APIAnswer {
        .ok(
            try sandbox.read { tx in
                let invoices = try tx.all(SalesInvoice.self, kind: .salesInvoice, administration: administration)
                guard let invoice = invoices.first(where: { $0.reference == reference }) else {
                    throw SandboxError.notFound(
                        "Sales invoice with reference: \(reference) was not found", symbolic: [("reference", "not_found")])
                }
                return try Self.render(invoice, tx, master: MasterData(tx, administration: administration))
            })
    }

    private func filtered(_ request: APIRequest, _ tx: StoreTransaction, administration: String) throws -> [SalesInvoice] {
        let today = Self.today()
        let filter = try InvoiceFilter(request.query["filter"], today: today)
        return try tx.all(SalesInvoice.self, kind: .salesInvoice, administration: administration)
            .filter { filter.matches($0, today: today) }
    }

    /// Oldest first, `page`/`per_page` (at most 100) with `Link` headers.
    func list(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        return try sandbox.read { tx in
            let slice = try filtered(request, tx, administration: administration).page(request, page: page, perPage: perPage)
            let master = try MasterData(tx, administration: administration)
            return APIAnswer(
                status: 200, body: .array(try slice.items.map { try Self.render($0, tx, master: master) }),
                headers: slice.headers)
        }
    }

    /// `GET …/synchronization`: every matching id with its version, unpaginated.
    func synchronizationList(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        try sandbox.read { tx in
            .ok(
                .array(
                    try filtered(request, tx, administration: administration).map {
                        .object([("id", .string($0.id)), ("version", .int($0.version))])
                    }))
        }
    }

    /// `POST …/synchronization` with `{"ids": [...]}`: at most 100 full records; unknown ids are left out.
    func synchronizationFetch(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let body = try request.json()
        guard let value = body["ids"], !value.isNull else {
            throw .badRequest("Ids is required", symbolic: [("ids", "required")])
        }
        guard let items = value.arrayValue else {
            throw .badRequest("Ids isn't an array", symbolic: [("ids", "not_an_array")])
        }
        guard items.count <= 100 else {
            throw .badRequest("Ids can contain at most 100 ids", symbolic: [("ids", "too_many")])
        }
        let ids = items.compactMap(\.text)
        return try sandbox.read { tx in
            let master = try MasterData(tx, administration: administration)
            let invoices = try ids.compactMap {
                try tx.find(SalesInvoice.self, kind: .salesInvoice, administration: administration, id: $0)
            }
            return .ok(.array(try invoices.map { try Self.render($0, tx, master: master) }))
        }
    }
}
