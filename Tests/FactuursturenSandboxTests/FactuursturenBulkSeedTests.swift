import Factuursturen
import Foundation
import KoppelCore
import KoppelHTTP
import Ledger
import Testing

/// The sandbox's bulk routes (`/sandbox/clients/import`, `/sandbox/invoices/import`,
/// `/sandbox/invoices/{nr}/change`) and the adapter's paged read-back over them.
@Suite struct FactuursturenBulkSeedTests {
    static let client = #"{"contact": "Klant", "company": "", "address": "Kerkstraat 1", "zipcode": "1234 AB", "city": "Utrecht", "country": "146", "email": "klant@example.nl"}"#

    /// An invoice as koppel makes it for order `order`: `euros` at 21 % and 5.00 at 9 %.
    static func invoice(client: Int, order: Int, orderDate: String, sent: String, euros: Int, paid: Bool, credits: String? = nil) -> String {
        let sign = credits == nil ? "" : "-"
        let paidMember = paid ? #", "paid": "full""# : ""
        return #"{"clientnr": \#(client), "sent": "\#(sent)", "reference": {"line1": "K7X-\#(order)", "line2": "Besteldatum \#(orderDate)", "line3": "\#(credits.map { "Creditfactuur voor factuur \($0)" } ?? "")"}, "lines": [{"amount": 1, "description": "Fietsbel", "tax_rate": 21, "price": "\#(sign)\#(euros)"}, {"amount": 1, "description": "Kookboek", "tax_rate": 9, "price": "\#(sign)5"}]\#(paidMember)}"#
    }

    func importClients(_ sandbox: FactuursturenSandboxProcess, count: Int) throws -> [Int] {
        let response = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/clients/import",
            json: #"{"clients": [\#(Array(repeating: Self.client, count: count).joined(separator: ","))]}"#, authorization: nil)
        #expect(response.status == 200, "\(response.text)")
        return try #require(try JSON.object(response)["numbers"] as? [Int])
    }

    func importInvoices(_ sandbox: FactuursturenSandboxProcess, _ invoices: [String]) throws -> HTTPResponse {
        try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/invoices/import", json: #"{"invoices": [\#(invoices.joined(separator: ","))]}"#, authorization: nil)
    }

    func invoice(_ sandbox: FactuursturenSandboxProcess, _ number: String) throws -> [String: Any] {
        try #require(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/invoices/\(number)"))["invoice"] as? [String: Any])
    }

    @Test func importedInvoicesReadBackAsSentOnesPaidOpenAndCredited() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let clients = try importClients(sandbox, count: 2)
        #expect(clients == [1, 2])
        let response = try importInvoices(sandbox, [
            Self.invoice(client: 1, order: 1, orderDate: "2026-03-02", sent: "2026-03-02", euros: 20, paid: true),
            Self.invoice(client: 2, order: 2, orderDate: "2026-03-02", sent: "2026-03-03", euros: 30, paid: false),
        ])
        #expect(response.status == 200, "\(response.text)")
        let numbers = try #require(try JSON.object(response)["numbers"] as? [String])
        #expect(numbers == ["20260001", "20260002"])
        let credit = try #require(try JSON.object(try importInvoices(sandbox, [
            Self.invoice(client: 1, order: 1, orderDate: "2026-03-02", sent: "2026-03-05", euros: 20, paid: false, credits: numbers[0]),
        ]))["numbers"] as? [String])
        #expect(credit == ["20260003"])

        // 20.00 + 4.20 at 21 %, 5.00 + 0.45 at 9 %.
        let paid = try invoice(sandbox, numbers[0])
        #expect(paid["totalintax"] as? String == "29.65")
        #expect(paid["open"] as? String == "0.00")
        #expect(paid["paiddate"] as? String == "2026-03-02")
        #expect(paid["sent"] as? String == "2026-03-02")
        #expect((paid["reference"] as? [String: Any])?["line2"] as? String == "Besteldatum 2026-03-02")
        let open = try invoice(sandbox, numbers[1])
        #expect(open["totalintax"] as? String == "41.75")
        #expect(open["open"] as? String == "41.75")
        #expect(open["email"] as? String == "klant@example.nl")
        let credited = try invoice(sandbox, credit[0])
        #expect(credited["totalintax"] as? String == "-29.65")
        #expect((credited["reference"] as? [String: Any])?["line3"] as? String == "Creditfactuur voor factuur \(numbers[0])")

        // All or nothing: an unknown client or a bad date stores none of the batch.
        let refused = try importInvoices(sandbox, [
            Self.invoice(client: 1, order: 3, orderDate: "2026-03-04", sent: "2026-03-04", euros: 10, paid: false),
            Self.invoice(client: 9, order: 4, orderDate: "2026-03-04", sent: "2026-03-04", euros: 10, paid: false),
        ])
        #expect(refused.status == 400)
        #expect(refused.text.contains("client 9"), "\(refused.text)")
        #expect(try importInvoices(sandbox, [Self.invoice(client: 1, order: 5, orderDate: "x", sent: "4-3-2026", euros: 1, paid: false)]).status == 400)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/invoices")).count == 3)

        // A line changed afterwards: the totals follow, the payment stays, so the invoice is open again.
        let changed = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/invoices/\(numbers[0])/change", json: #"{"line": 1, "price": "21"}"#, authorization: nil)
        #expect(changed.status == 200, "\(changed.text)")
        let after = try invoice(sandbox, numbers[0])
        #expect(after["totalintax"] as? String == "30.86")
        #expect(after["open"] as? String == "1.21")
        #expect(after["paiddate"] as? String == "")
        #expect(try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/invoices/\(numbers[0])/change", json: #"{"line": 3, "price": "1"}"#, authorization: nil).status == 400)
    }

    @Test func invoicesAreListedBySentDateWhateverOrderTheyCameIn() throws {
        let sandbox = try FactuursturenSandboxProcess()
        _ = try importClients(sandbox, count: 1)
        let late = try JSON.object(try importInvoices(sandbox, [
            Self.invoice(client: 1, order: 1, orderDate: "2026-03-20", sent: "2026-03-20", euros: 10, paid: false),
        ]))["numbers"] as? [String]
        let early = try JSON.object(try importInvoices(sandbox, [
            Self.invoice(client: 1, order: 2, orderDate: "2026-03-10", sent: "2026-03-10", euros: 10, paid: false),
            Self.invoice(client: 1, order: 3, orderDate: "2026-03-25", sent: "2026-03-25", euros: 10, paid: false),
        ]))["numbers"] as? [String]
        try sandbox.admin("today", json: #"{"today": "2026-03-15"}"#)
        let made = try sandbox.createInvoice(client: "1", reference: "K7X-4")
        let listed = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/invoices?since=2026-03-01")).map { $0["invoicenr"] as? String }
        #expect(listed == [early?[0], made, late?[0], early?[1]])
        let fromThe15th = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/invoices?since=2026-03-15&until=2026-03-20&count=1&offset=1"))
        #expect(fromThe15th.map { $0["invoicenr"] as? String } == [late?[0]])
    }

    /// 250 invoices of March (some sent on 1 April for an order of 31 March) and 20 sent in February:
    /// the adapter reads the period from its first day, 100 at a time, and keeps March's orders.
    @Test func theAdapterReadsTheSeededPeriodBackInThreePages() throws {
        let sandbox = try FactuursturenSandboxProcess()
        _ = try importClients(sandbox, count: 10)
        var march: [String] = []
        var expectedGross: Int64 = 0
        for order in 1...250 {
            let day = 1 + order % 31
            let orderDate = String(format: "2026-03-%02d", day)
            let sent = day == 31 && order % 2 == 0 ? "2026-04-01" : orderDate
            let euros = 10 + order % 50
            march.append(Self.invoice(client: 1 + order % 10, order: order, orderDate: orderDate, sent: sent, euros: euros, paid: order % 4 != 0))
            // euros × 1.21 + 5.45, whole euros so the VAT is exact.
            expectedGross += Int64(euros) * 121 + 545
        }
        let february = (1...20).map { order in
            Self.invoice(client: 1, order: 1000 + order, orderDate: "2026-02-10", sent: "2026-02-10", euros: 99, paid: true)
        }
        // February last, so the sandbox has to put it before March.
        #expect(try importInvoices(sandbox, march.reversed()).status == 200)
        #expect(try importInvoices(sandbox, february).status == 200)
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/stats/reset", authorization: nil).status == 200)

        let ledger = try FactuursturenLedger(
            access: FactuursturenAccess(baseURL: sandbox.base, username: FactuursturenSandboxProcess.username, apiKey: FactuursturenSandboxProcess.apiKey),
            settings: FactuursturenSettings(), budget: RateBudget(limit: 60, windowSeconds: 3600))
        var found: [LedgerBooking] = []
        try ledger.bookings(in: DatePeriod(first: "2026-03-01", last: "2026-03-31")) { found.append($0) }

        #expect(found.count == 250)
        #expect(Set(found.map(\.reference)) == Set((1...250).map { "K7X-\($0)" }))
        #expect(found.map(\.gross.value).reduce(0, +) == expectedGross)
        #expect(found.filter { $0.payment?.isPaid == true }.count == 250 - 250 / 4)
        #expect(found.allSatisfy { $0.date.hasPrefix("2026-03-") })
        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", authorization: nil))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["GET /invoices"] == 3)
    }
}
