import Foundation
import KoppelHTTP
import Testing

/// Payments the sandbox refuses, as Moneybird is taken to (docs/moneybird-arithmetic.md, "Payments").
@Suite struct PaymentRuleTests {
    @Test func paidInvoiceTakesNoFurtherPayment() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let created = try sandbox.createInvoice(
            contact: contact, reference: "PAID", lines: #"[{"description": "Project X", "price": "300"}]"#)
        let id = try #require(created["id"] as? String)
        _ = try sandbox.sendManually(id)
        let payment = try sandbox.pay(id, price: "363.0")
        #expect(payment.status == 201, "\(payment.text)")
        #expect(try sandbox.fetchInvoice(id)["state"] as? String == "paid")

        let again = try sandbox.pay(id, price: "1.00")
        #expect(again.status == 422)
        #expect(
            again.text
                == #"{"error":{"sales_invoice":["is already paid"]},"details":{"sales_invoice":[{"error":"already_paid"}]}}"#
        )
        let after = try sandbox.fetchInvoice(id)
        #expect((after["payments"] as? [Any])?.count == 1)
        #expect(after["total_paid"] as? String == "363.0")
        #expect(after["total_unpaid"] as? String == "0.0")
    }

    @Test func paymentOfNothingIsRefused() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let created = try sandbox.createInvoice(
            contact: contact, reference: "ZERO", lines: #"[{"description": "a", "price": "100"}]"#)
        let id = try #require(created["id"] as? String)
        _ = try sandbox.sendManually(id)
        for price in ["0", "0.00", "-0,00", "0.004"] {
            let refused = try sandbox.pay(id, price: price)
            #expect(refused.status == 422, "\(price)")
            #expect(
                refused.text
                    == #"{"error":{"price":["must be other than 0"]},"details":{"price":[{"error":"other_than"}]}}"#,
                "\(price)")
        }
        let open = try sandbox.fetchInvoice(id)
        #expect(open["state"] as? String == "open")
        #expect((open["payments"] as? [Any])?.isEmpty == true)
    }

    /// An invoice of 0.00 owes nothing: sending it makes it paid (a guess koppel relies on), and it then takes
    /// no payment.
    @Test func invoiceOfNothingIsPaidWhenSent() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let created = try sandbox.createInvoice(
            contact: contact, reference: "FREE",
            lines: #"""
                [{"description": "Monster", "price": "0"}, {"description": "Bon", "price": "-5"},
                 {"description": "Bon terug", "price": "5"}]
                """#)
        let id = try #require(created["id"] as? String)
        #expect(created["total_price_incl_tax"] as? String == "0.0")
        let sent = try sandbox.sendManually(id)
        #expect(sent["state"] as? String == "paid")
        #expect(try sandbox.pay(id, price: "1").status == 422)
    }
}
