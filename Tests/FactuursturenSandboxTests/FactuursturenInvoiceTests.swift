import Foundation
import KoppelHTTP
import Testing

@Suite struct FactuursturenInvoiceTests {
    @Test func anInvoiceWithTwoRatesReadsBackInTheFixturesShape() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        try sandbox.admin("today", json: #"{"today": "2026-03-01"}"#)
        let number = try sandbox.createInvoice(client: client, reference: "Bestelling 1042")
        #expect(number == "20260001")
        let invoice = try #require(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/invoices/\(number)"))["invoice"] as? [String: Any])
        // 2 × 12.50 at 21 % = 25.00 + 5.25; 4.95 at 9 % = 0.45 (0.4455); totals as strings.
        #expect(invoice["tax"] as? String == "5.70")
        #expect(invoice["totalintax"] as? String == "35.65")
        #expect(invoice["open"] as? String == "35.65")
        #expect(invoice["paiddate"] as? String == "")
        #expect(invoice["clientnr"] as? String == client)
        #expect(invoice["sent"] as? String == "2026-03-01")
        #expect(invoice["duedate"] as? String == "2026-03-15")
        #expect((invoice["reference"] as? [String: Any])?["line1"] as? String == "Bestelling 1042")
        let lines = try #require(invoice["lines"] as? [String: [String: Any]])
        #expect(lines.keys.sorted() == ["line1", "line2"])
        // Inside lines, real numbers.
        #expect((lines["line1"]?["linetotal"] as? NSNumber)?.intValue == 25)
        #expect((lines["line2"]?["tax_rate"] as? NSNumber)?.intValue == 9)
        let taxes = try #require(invoice["taxes"] as? [String: [String: Any]])
        #expect(taxes["tax1"]?["sum"] as? String == "5.25")
        #expect(taxes["tax2"]?["sum"] as? String == "0.45")
        #expect(taxes["tax2"]?["sum_of"] as? String == "4.95")
        #expect((invoice["history"] as? [String: Any])?.count == 1)
    }

    @Test func paymentRegisteredAfterwardsOrAtCreationMakesItPaid() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        let later = try sandbox.createInvoice(client: client, reference: "1001")
        let paid = try sandbox.call("POST", "\(sandbox.api)/invoices_payment/\(later)", json: #"{"date": "2026-03-02", "amount": "full"}"#)
        #expect(paid.status == 201)
        #expect(paid.body.isEmpty)
        let first = try #require(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/invoices/\(later)"))["invoice"] as? [String: Any])
        #expect(first["open"] as? String == "0.00")
        #expect(first["paiddate"] as? String == "2026-03-02")

        let atOnce = try sandbox.createInvoice(client: client, reference: "1002", extra: #", "alreadypaid": "full", "alreadypaidmethod": "iDEAL""#)
        let open = try sandbox.createInvoice(client: client, reference: "1003")
        #expect(try sandbox.call("PUT", "\(sandbox.api)/invoices_payment/\(open)", json: #"{"date": "2026-03-02", "amount": "10.00"}"#).status == 201)
        let paidList = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/invoices?filter=paid"))
        #expect(paidList.map { $0["invoicenr"] as? String } == [later, atOnce])
        let partly = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/invoices?filter=partly"))
        #expect(partly.map { $0["open"] as? String } == ["25.65"])
        #expect(try sandbox.call("POST", "\(sandbox.api)/invoices_payment/99999", json: #"{"date": "2026-03-02", "amount": "full"}"#).status == 404)
    }

    @Test func listsByPeriodInPagesAndSearchesTheReference() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        var numbers: [String] = []
        for (day, order) in [("2026-02-27", "1001"), ("2026-03-01", "1002"), ("2026-03-15", "1003"), ("2026-03-31", "1004"), ("2026-04-01", "1005")] {
            try sandbox.admin("today", json: #"{"today": "\#(day)"}"#)
            numbers.append(try sandbox.createInvoice(client: client, reference: "Bestelling \(order)"))
        }
        let march = "\(sandbox.api)/invoices?since=2026-03-01&until=2026-03-31"
        #expect(try JSON.array(try sandbox.call("GET", march)).map { $0["invoicenr"] as? String } == Array(numbers[1...3]))
        let pageTwo = try JSON.array(try sandbox.call("GET", "\(march)&count=2&offset=2"))
        #expect(pageTwo.map { $0["invoicenr"] as? String } == [numbers[3]])
        // `start` means the same as `offset`.
        #expect(try JSON.array(try sandbox.call("GET", "\(march)&count=2&start=2")).map { $0["invoicenr"] as? String } == [numbers[3]])
        #expect(try sandbox.call("GET", "\(march)&count=2&offset=4").text == "[]")
        #expect(try sandbox.call("GET", "\(sandbox.api)/invoices?since=1-3-2026").status == 400)

        let found = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/search/invoices/all/Bestelling%201003"))
        #expect(found.map { $0["invoicenr"] as? String } == [numbers[2]])
        #expect(try sandbox.call("GET", "\(sandbox.api)/search/invoices/reference/Bestelling%209999").text == "[]")
    }

    @Test func anUnknownInvoiceIsAnsweredWithTheWholeListOrA404() throws {
        let quirky = try FactuursturenSandboxProcess()
        let client = try quirky.createClient(email: "jan@fietsen.nl")
        _ = try quirky.createInvoice(client: client, reference: "1001")
        let list = try quirky.call("GET", "\(quirky.api)/invoices/bogus")
        #expect(list.status == 200)
        #expect(try JSON.array(list).count == 1)

        let plain = try FactuursturenSandboxProcess(["--factuursturen-unknown", "not-found"])
        let missing = try plain.call("GET", "\(plain.api)/invoices/bogus")
        #expect(missing.status == 404)
        #expect(missing.header("content-type")?.hasPrefix("text/plain") == true)
    }

    @Test func emptyHistoryIsAnArrayAndNumbersCanBeJSON() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        // Sent by post: nothing in the history yet.
        let number = try sandbox.createInvoice(client: client, reference: "1001", sendmethod: "mail")
        let invoice = try #require(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/invoices/\(number)"))["invoice"] as? [String: Any])
        #expect((invoice["history"] as? [Any])?.isEmpty == true)

        let plain = try FactuursturenSandboxProcess(["--factuursturen-numbers", "json"])
        let other = try plain.createClient(email: "jan@fietsen.nl")
        let made = try plain.createInvoice(client: other, reference: "1001")
        let read = try #require(try JSON.object(try plain.call("GET", "\(plain.api)/invoices/\(made)"))["invoice"] as? [String: Any])
        #expect((read["totalintax"] as? NSNumber)?.doubleValue == 35.65)
    }

    @Test func invalidInvoicesAreRefusedWithPlainText() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        let line = #""lines": {"line1": {"amount": 1, "description": "Fiets", "tax_rate": 21, "price": 100}}"#
        for body in [
            #"{"clientnr": 999, "action": "send", "sendmethod": "email", \#(line)}"#,
            #"{"clientnr": \#(client), "action": "send", \#(line)}"#,
            #"{"clientnr": \#(client), "action": "send", "sendmethod": "email", "lines": {"line1": {"amount": 1, "tax_rate": 19, "price": 100}}}"#,
            #"{"clientnr": \#(client), "action": "send", "sendmethod": "email", "lines": []}"#,
        ] {
            let refused = try sandbox.call("POST", "\(sandbox.api)/invoices", json: body)
            #expect(refused.status == 400, "\(body)")
        }
        #expect(try sandbox.call("GET", "\(sandbox.api)/invoices").text == "[]")
        let taxes = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/taxes"))
        #expect(taxes.map { $0["percentage"] as? String } == ["21", "9", "0", "0"])
    }
}
