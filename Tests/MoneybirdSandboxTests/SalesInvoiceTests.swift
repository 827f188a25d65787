import Foundation
import KoppelHTTP
import Testing

extension SandboxProcess {
    /// The id of the domestic sales rate with this percentage.
    func salesRate(_ percentage: Int) throws -> String {
        let rates = try JSON.array(
            try call("GET", "\(api)/tax_rates.json?filter=tax_rate_type:sales_invoice,percentage:\(percentage)"))
        let domestic = rates.first { $0["country"] is NSNull }
        return try #require(domestic?["id"] as? String)
    }
}

@Suite struct SalesInvoiceTests {
    @Test func totalsRoundPerRate() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let high = try sandbox.salesRate(21)
        let low = try sandbox.salesRate(9)
        let invoice = try sandbox.createInvoice(
            contact: contact, reference: "1001", extra: #", "invoice_date": "2026-03-02", "prices_are_incl_tax": false"#,
            lines: #"""
                [{"description": "Bel", "price": "10.00", "amount": "2", "tax_rate_id": "\#(high)"},
                 {"description": "Boek", "price": 4.99, "amount": 1, "tax_rate_id": "\#(low)"},
                 {"description": "Ventiel", "price": "0,35", "amount": "3", "tax_rate_id": "\#(high)"}]
                """#)
        #expect(invoice["state"] as? String == "draft")
        #expect(invoice["invoice_id"] is NSNull)
        #expect(invoice["due_date"] as? String == "2026-03-16")
        // 20.00 + 1.05 at 21 % → 4.4205 → 4.42; 4.99 at 9 % → 0.4491 → 0.45
        #expect(invoice["total_price_excl_tax"] as? String == "26.04")
        #expect(invoice["total_price_incl_tax"] as? String == "30.91")
        #expect(invoice["total_unpaid"] as? String == "30.91")
        let taxTotals = try #require(invoice["tax_totals"] as? [[String: Any]])
        #expect(taxTotals.map { $0["tax_amount"] as? String } == ["4.42", "0.45"])
        #expect(taxTotals.map { $0["taxable_amount"] as? String } == ["21.05", "4.99"])
        let details = try #require(invoice["details"] as? [[String: Any]])
        #expect(details.map { $0["total_price_excl_tax_with_discount"] as? String } == ["20.0", "4.99", "1.05"])
        #expect(details.first?["tax_report_reference"] as? [String] == ["NL/1a"])
        #expect(details.first?["amount_decimal"] as? String == "2.0")

        // The spec's own example: 129.95 at the default rate.
        let example = try sandbox.createInvoice(
            contact: contact, reference: "30052", lines: #"[{"description": "Rocking Chair", "price": 129.95}]"#)
        #expect(example["total_price_incl_tax"] as? String == "157.24")

        // Prices including VAT: the VAT is taken out of the sum per rate.
        let incl = try sandbox.createInvoice(
            contact: contact, reference: "1002", extra: #", "prices_are_incl_tax": true"#,
            lines: #"[{"description": "Jas", "price": "12.10", "amount": 3, "tax_rate_id": "\#(high)"}]"#)
        #expect(incl["total_price_incl_tax"] as? String == "36.3")
        #expect(incl["total_price_excl_tax"] as? String == "30.0")
    }

    @Test func validationErrors() throws {
        let sandbox = try SandboxProcess()
        let response = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices",
            json: #"{"sales_invoice": {"reference": "x", "details_attributes": [{"description": "a", "price": "abc", "tax_rate_id": "1"}]}}"#)
        #expect(response.status == 422)
        let body = try JSON.object(response)
        let errors = try #require(body["error"] as? [String: [String]])
        #expect(errors["contact"] == ["can't be blank"])
        #expect(errors["details.price"] == ["is not a number"])
        #expect(errors["details.tax_rate"] == ["does not exist"])
        let details = try #require(body["details"] as? [String: [[String: String]]])
        #expect(details["contact"] == [["error": "blank"]])
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:all")).isEmpty)
    }

    @Test func findByReference() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let created = try sandbox.createInvoice(contact: contact, reference: "ORD-77", lines: #"[{"description": "a", "price": 5}]"#)
        let found = try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/ORD-77.json")
        #expect(found.status == 200)
        #expect(try JSON.object(found)["id"] as? String == created["id"] as? String)
        let byID = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(created["id"] as? String ?? "")"))
        #expect(byID["reference"] as? String == "ORD-77")
        let missing = try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/1337")
        #expect(missing.status == 404)
        #expect(
            missing.text == #"{"error":"Sales invoice with reference: 1337 was not found","symbolic":{"reference":"not_found"}}"#)
    }

    @Test func sendAndPay() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact(#"{"company_name": "Zonder Mail"}"#)
        let invoice = try sandbox.createInvoice(
            contact: contact, reference: "P1", extra: #", "invoice_date": "2026-04-01""#,
            lines: #"[{"description": "a", "price": "100"}]"#)
        let id = try #require(invoice["id"] as? String)

        let byMail = try sandbox.call(
            "PATCH", "\(sandbox.api)/sales_invoices/\(id)/send_invoice.json",
            json: #"{"sales_invoice_sending": {"delivery_method": "Email"}}"#)
        #expect(byMail.status == 422)
        #expect(byMail.text == #"{"error":{"email_address":["can't be blank"]},"details":{"email_address":[{"error":"blank"}]}}"#)

        let early = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/\(id)/payments", json: #"{"payment": {"payment_date": "2026-04-02", "price": "1"}}"#)
        #expect(early.status == 400)

        let sent = try sandbox.call(
            "PATCH", "\(sandbox.api)/sales_invoices/\(id)/send_invoice.json",
            json: #"{"sales_invoice_sending": {"delivery_method": "Manual"}}"#)
        #expect(sent.status == 200)
        let open = try JSON.object(sent)
        #expect(open["state"] as? String == "open")
        #expect(open["invoice_id"] as? String == "2026-0001")
        #expect(open["invoice_date"] as? String == "2026-04-01")

        let invalid = try sandbox.call("POST", "\(sandbox.api)/sales_invoices/\(id)/payments.json", json: #"{"payment": {}}"#)
        #expect(invalid.status == 422)
        let problems = try #require(try JSON.object(invalid)["error"] as? [String: [String]])
        #expect(problems["payment_date"] == ["can't be blank", "is not a valid date"])
        #expect(problems["price"] == ["can't be blank", "is not a number"])

        let part = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/\(id)/payments.json",
            json: #"{"payment": {"payment_date": "2026-04-05T10:00:00.000Z", "price": "21.00"}}"#)
        #expect(part.status == 201)
        #expect(try JSON.object(part)["price"] as? String == "21.0")
        #expect(try JSON.object(part)["invoice_type"] as? String == "SalesInvoice")
        let partly = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id)"))
        #expect(partly["state"] as? String == "open")
        #expect(partly["total_unpaid"] as? String == "100.0")

        _ = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/\(id)/payments.json",
            json: #"{"payment": {"payment_date": "2026-04-06", "price": 100, "manual_payment_action": "bank_transfer"}}"#)
        let paid = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id)"))
        #expect(paid["state"] as? String == "paid")
        #expect(paid["total_paid"] as? String == "121.0")
        #expect(paid["total_unpaid"] as? String == "0.0")
        #expect((paid["payments"] as? [Any])?.count == 2)
    }
}
