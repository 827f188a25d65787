import Foundation
import KoppelHTTP
import Testing

extension SandboxProcess {
    var admin: String { "\(base)/sandbox/\(Self.administration)" }

    /// `POST /sandbox/{adm}/sales_invoices/import` with these invoice objects (JSON text each).
    func importInvoices(_ invoices: [String], state: String? = nil) throws -> HTTPResponse {
        let stateMember = state.map { #", "state": "\#($0)""# } ?? ""
        return try call(
            "POST", "\(admin)/sales_invoices/import",
            json: #"{"sales_invoices": [\#(invoices.joined(separator: ","))]\#(stateMember)}"#, token: nil, timeout: 120)
    }

    /// An invoice object for an import or a create.
    static func invoice(contact: String, reference: String, date: String, price: String = "100") -> String {
        #"{"contact_id": "\#(contact)", "reference": "\#(reference)", "invoice_date": "\#(date)", "details_attributes": [{"description": "Fiets", "price": "\#(price)"}]}"#
    }
}

@Suite struct ImportTests {
    @Test func importsABatchAndListsIt() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let paid = try sandbox.importInvoices(
            (1...3).map { SandboxProcess.invoice(contact: contact, reference: "P\($0)", date: "2026-02-0\($0)") },
            state: "paid")
        #expect(paid.status == 201, "\(paid.text)")
        let answer = try JSON.object(paid)
        #expect(answer["imported"] as? Int == 3)
        let ids = try #require(answer["ids"] as? [String])
        #expect(ids.count == 3)
        let open = try sandbox.importInvoices(
            [SandboxProcess.invoice(contact: contact, reference: "O1", date: "2026-02-10")], state: "open")
        #expect(open.status == 201)
        let draft = try sandbox.importInvoices([SandboxProcess.invoice(contact: contact, reference: "D1", date: "2026-02-11")])
        #expect(draft.status == 201)

        let listed = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices.json?filter=period:202602..202602,state:all"))
        #expect(listed.compactMap { $0["reference"] as? String } == ["P1", "P2", "P3", "O1", "D1"])
        #expect(Array(listed.prefix(3)).compactMap { $0["id"] as? String } == ids)
        #expect(listed.compactMap { $0["state"] as? String } == ["paid", "paid", "paid", "open", "draft"])
        #expect(listed.compactMap { $0["invoice_id"] as? String } == ["2026-0001", "2026-0002", "2026-0003", "2026-0004"])
        let first = try #require(listed.first)
        #expect(first["total_price_incl_tax"] as? String == "121.0")
        #expect(first["total_unpaid"] as? String == "0.0")
        let payments = try #require(first["payments"] as? [[String: Any]])
        #expect(payments.map { $0["price"] as? String } == ["121.0"])
        #expect(payments.map { $0["payment_date"] as? String } == ["2026-02-01"])
        #expect(listed[3]["total_unpaid"] as? String == "121.0")
        #expect(listed[4]["draft_id"] as? Int != nil)

        // The helpers are neither counted nor rate limited.
        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", token: nil))
        #expect((stats["endpoints"] as? [String: Int])?.keys.contains { $0.contains("import") } == false)
    }

    @Test func oneInvalidInvoiceRefusesTheWholeBatch() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let invalid = #"{"contact_id": "\#(contact)", "reference": "BAD", "details_attributes": [{"description": "a", "price": "abc", "tax_rate_id": "1"}]}"#
        let refused = try sandbox.importInvoices([
            SandboxProcess.invoice(contact: contact, reference: "A1", date: "2026-03-01"), invalid,
            SandboxProcess.invoice(contact: contact, reference: "A3", date: "2026-03-03"),
        ], state: "open")
        #expect(refused.status == 422)
        // The very answer a create of the invalid invoice gets.
        let created = try sandbox.call("POST", "\(sandbox.api)/sales_invoices.json", json: #"{"sales_invoice": \#(invalid)}"#)
        #expect(created.status == 422)
        #expect(refused.text == created.text)
        #expect(
            refused.text
                == #"{"error":{"details.price":["is not a number"],"details.tax_rate":["does not exist"]},"details":{"details.price":[{"error":"not_a_number"}],"details.tax_rate":[{"error":"not_found"}]}}"#
        )

        let unknownContact = try sandbox.importInvoices([
            SandboxProcess.invoice(contact: contact, reference: "B1", date: "2026-03-01"),
            SandboxProcess.invoice(contact: "123456789012345678", reference: "B2", date: "2026-03-02"),
        ])
        #expect(unknownContact.status == 422)
        #expect(unknownContact.text == #"{"error":{"contact_id":["does not exist"]},"details":{"contact_id":[{"error":"not_found"}]}}"#)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:all")).isEmpty)

        // Nothing of the refused batches was kept, not even the numbers it drew.
        let after = try sandbox.importInvoices([SandboxProcess.invoice(contact: contact, reference: "C1", date: "2026-03-01")], state: "open")
        #expect(after.status == 201)
        let stored = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:all"))
        #expect(stored.map { $0["invoice_id"] as? String } == ["2026-0001"])
    }

    @Test func refusesMalformedAndOversizedBatches() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let tooMany = try sandbox.importInvoices(
            Array(repeating: SandboxProcess.invoice(contact: contact, reference: "X", date: "2026-01-01"), count: 1_001))
        #expect(tooMany.status == 400)
        #expect(
            tooMany.text
                == #"{"error":"Sales invoices can contain at most 1000 records","symbolic":{"sales_invoices":"too_many"}}"#)
        let missing = try sandbox.call("POST", "\(sandbox.admin)/sales_invoices/import", json: "{}", token: nil)
        #expect(missing.status == 400)
        #expect(missing.text == #"{"error":"Sales invoices is required","symbolic":{"sales_invoices":"required"}}"#)
        let notObject = try sandbox.call(
            "POST", "\(sandbox.admin)/sales_invoices/import", json: #"{"sales_invoices": [1]}"#, token: nil)
        #expect(notObject.status == 400)
        #expect(notObject.text == #"{"error":"Parameter sales_invoice is required","symbolic":{"sales_invoice":"required"}}"#)
        let badState = try sandbox.importInvoices([], state: "late")
        #expect(badState.status == 422)
        let unknown = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/1/sales_invoices/import", json: #"{"sales_invoices": []}"#, token: nil)
        #expect(unknown.status == 404)
        let noLines = try sandbox.importInvoices([#"{"contact_id": "\#(contact)", "reference": "N"}"#], state: "open")
        #expect(noLines.status == 400)
        #expect(
            noLines.text == #"{"error":"details cannot be empty","symbolic":{"sales_invoice":"details_cannot_be_empty"}}"#)
        let empty = try sandbox.importInvoices([])
        #expect(empty.text == #"{"imported":0,"ids":[]}"#)

        let thousand = try sandbox.importInvoices(
            (1...1_000).map { SandboxProcess.invoice(contact: contact, reference: "T\($0)", date: "2026-01-01") })
        #expect(thousand.status == 201)
        #expect(try JSON.object(thousand)["imported"] as? Int == 1_000)
    }

    @Test func importsContacts() throws {
        let sandbox = try SandboxProcess()
        let imported = try sandbox.call(
            "POST", "\(sandbox.admin)/contacts/import",
            json: #"{"contacts": [{"company_name": "Een B.V.", "email": "een@example.nl"}, {"firstname": "Twee", "country": "be"}]}"#,
            token: nil)
        #expect(imported.status == 201, "\(imported.text)")
        let ids = try #require(try JSON.object(imported)["ids"] as? [String])
        let listed = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts?per_page=100"))
        #expect(listed.compactMap { $0["id"] as? String } == ids)
        #expect(listed.map { $0["country"] as? String } == ["NL", "BE"])
        #expect(listed.map { $0["customer_id"] as? String } == ["1", "2"])

        let refused = try sandbox.call(
            "POST", "\(sandbox.admin)/contacts/import",
            json: #"{"contacts": [{"company_name": "Drie B.V."}, {"email": "naamloos@example.nl"}]}"#, token: nil)
        #expect(refused.status == 422)
        let created = try sandbox.call("POST", "\(sandbox.api)/contacts.json", json: #"{"contact": {"email": "naamloos@example.nl"}}"#)
        #expect(refused.text == created.text)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts?per_page=100")).count == 2)
    }
}
