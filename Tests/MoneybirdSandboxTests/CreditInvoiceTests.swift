import Foundation
import KoppelHTTP
import Testing

/// `duplicate_creditinvoice` and `register_payment_creditinvoice`, following the spec's examples
/// `CreatesACreditInvoiceForASalesInvoice` and `RegistersPaymentsForACreditInvoice`.
@Suite struct CreditInvoiceTests {
    /// The spec's original: "Project X", 300.00 at 21 %, dated today and sent as this year's first invoice.
    private static func sentOriginal(_ sandbox: SandboxProcess) throws -> String {
        let contact = try sandbox.createContact()
        let created = try sandbox.createInvoice(
            contact: contact, reference: "Project X", extra: #", "invoice_date": "\#(SandboxDay.today)""#,
            lines: #"[{"description": "Project X", "price": "300", "amount": "1"}]"#)
        let id = try #require(created["id"] as? String)
        let sent = try sandbox.sendManually(id)
        #expect(sent["invoice_id"] as? String == SandboxDay.year + "-0001")
        return id
    }

    private static func credit(_ sandbox: SandboxProcess, _ id: String) throws -> HTTPResponse {
        try sandbox.call("PATCH", "\(sandbox.api)/sales_invoices/\(id)/duplicate_creditinvoice.json", json: "{}")
    }

    private static func settle(_ sandbox: SandboxProcess, _ id: String) throws -> HTTPResponse {
        try sandbox.call("PATCH", "\(sandbox.api)/sales_invoices/\(id)/register_payment_creditinvoice.json", json: "{}")
    }

    @Test func creditInvoiceNegatesTheOriginal() throws {
        let sandbox = try SandboxProcess()
        let originalID = try Self.sentOriginal(sandbox)
        let answer = try Self.credit(sandbox, originalID)
        #expect(answer.status == 200, "\(answer.text)")
        let credit = try JSON.object(answer)
        let creditID = try #require(credit["id"] as? String)
        #expect(creditID != originalID)
        #expect(credit["state"] as? String == "draft")
        #expect(credit["invoice_id"] is NSNull)
        #expect(credit["invoice_date"] is NSNull)
        #expect(credit["original_sales_invoice_id"] as? String == originalID)
        #expect(credit["reference"] as? String == "Project X")
        let details = try #require(credit["details"] as? [[String: Any]])
        #expect(
            details.map { $0["description"] as? String } == [
                "**Creditfactuur voor factuur \(SandboxDay.year)-0001**", "Project X",
            ])
        #expect(details.map { $0["price"] as? String } == ["0.0", "300.0"])
        #expect(details.map { $0["amount_decimal"] as? String } == ["1.0", "-1.0"])
        #expect(details.map { $0["row_order"] as? Int } == [0, 1])
        #expect(
            InvoiceFigures(credit)
                == InvoiceFigures(
                    excl: "-300.0", incl: "-363.0", unpaid: "-363.0", taxTotals: [["-300.0", "-63.0"]],
                    lineTotals: ["0.0", "-300.0"]))
        #expect(credit["total_paid"] as? String == "0.0")

        // Listed and read back like any invoice; the original is untouched.
        #expect(try sandbox.fetchInvoice(creditID)["original_sales_invoice_id"] as? String == originalID)
        let original = try sandbox.fetchInvoice(originalID)
        #expect(original["original_sales_invoice_id"] is NSNull)
        #expect(original["state"] as? String == "open")
        #expect(original["total_unpaid"] as? String == "363.0")

        // Sent, a credit invoice gets the next number and stays open: nothing is refunded yet.
        let sent = try sandbox.sendManually(creditID)
        #expect(sent["state"] as? String == "open")
        #expect(sent["invoice_id"] as? String == SandboxDay.year + "-0002")
        #expect(sent["total_unpaid"] as? String == "-363.0")
        #expect(sent["paid_at"] is NSNull)
    }

    @Test func settlingPaysBothInvoices() throws {
        let sandbox = try SandboxProcess()
        let originalID = try Self.sentOriginal(sandbox)
        let creditID = try #require(try JSON.object(try Self.credit(sandbox, originalID))["id"] as? String)

        // A draft credit invoice does not accept a payment yet, nor does an invoice that credits nothing settle.
        #expect(try Self.settle(sandbox, creditID).status == 400)
        let notCredit = try Self.settle(sandbox, originalID)
        #expect(notCredit.status == 400)
        #expect(
            notCredit.text
                == #"{"error":"Sales invoice is not a credit invoice","symbolic":{"sales_invoice":"not_a_credit_invoice"}}"#
        )

        _ = try sandbox.sendManually(creditID)
        let answer = try Self.settle(sandbox, creditID)
        #expect(answer.status == 200, "\(answer.text)")
        let credit = try JSON.object(answer)
        #expect(credit["id"] as? String == creditID)
        #expect(credit["state"] as? String == "paid")
        #expect(credit["total_paid"] as? String == "-363.0")
        #expect(credit["total_unpaid"] as? String == "0.0")
        let payments = try #require(credit["payments"] as? [[String: Any]])
        #expect(payments.map { $0["price"] as? String } == ["-363.0"])
        #expect(payments.first?["payment_date"] as? String == SandboxDay.today)

        let original = try sandbox.fetchInvoice(originalID)
        #expect(original["state"] as? String == "paid")
        #expect((original["payments"] as? [[String: Any]])?.map { $0["price"] as? String } == ["363.0"])
        #expect(original["total_unpaid"] as? String == "0.0")

        // Settled once; both are paid now.
        #expect(try Self.settle(sandbox, creditID).status == 400)
        #expect(try sandbox.pay(creditID, price: "-1").status == 422)
    }

    /// A credit invoice of an invoice already paid is settled by a refund: a negative payment of its total.
    @Test func refundSettlesTheCreditOfAPaidInvoice() throws {
        let sandbox = try SandboxProcess()
        let originalID = try Self.sentOriginal(sandbox)
        #expect(try sandbox.pay(originalID, price: "363").status == 201)
        let creditID = try #require(try JSON.object(try Self.credit(sandbox, originalID))["id"] as? String)
        _ = try sandbox.sendManually(creditID)

        // The original is paid, so the two cannot be settled against each other.
        #expect(try Self.settle(sandbox, creditID).status == 400)

        let part = try sandbox.pay(creditID, price: "-63")
        #expect(part.status == 201, "\(part.text)")
        #expect(try sandbox.fetchInvoice(creditID)["state"] as? String == "open")
        #expect(try sandbox.pay(creditID, price: "-300").status == 201)
        let refunded = try sandbox.fetchInvoice(creditID)
        #expect(refunded["state"] as? String == "paid")
        #expect(refunded["total_unpaid"] as? String == "0.0")
    }

    @Test func onlySentInvoicesAreCredited() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let draft = try sandbox.createInvoice(
            contact: contact, reference: "D", lines: #"[{"description": "a", "price": "10"}]"#)
        let refused = try Self.credit(sandbox, try #require(draft["id"] as? String))
        #expect(refused.status == 400)
        #expect(refused.text == #"{"error":"A draft invoice cannot be credited","symbolic":{"sales_invoice":"draft"}}"#)
        #expect(try Self.credit(sandbox, "1234").status == 404)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:all")).count == 1)
    }
}

/// Today as the sandbox writes a day, in UTC.
enum SandboxDay {
    static var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    static var year: String { String(today.prefix(4)) }
}
