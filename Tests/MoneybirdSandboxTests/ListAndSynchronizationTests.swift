import Foundation
import KoppelHTTP
import Testing

@Suite struct ListAndSynchronizationTests {
    @Test func periodFilterAndPagination() throws {
        let sandbox = try SandboxProcess(["--rate-limit", "10000"])
        let contact = try sandbox.createContact()
        for number in 1...230 {
            let day = String(format: "2026-%02d-%02d", number % 12 + 1, number % 28 + 1)
            _ = try sandbox.createInvoice(
                contact: contact, reference: "R\(number)", extra: #", "invoice_date": "\#(day)""#,
                lines: #"[{"description": "a", "price": 1}]"#)
        }
        for number in 1...4 {
            _ = try sandbox.createInvoice(
                contact: contact, reference: "OLD\(number)", extra: #", "invoice_date": "2025-06-0\#(number)""#,
                lines: #"[{"description": "a", "price": 1}]"#)
        }
        var references: [String] = []
        var sizes: [Int] = []
        for page in 1...4 {
            let response = try sandbox.call(
                "GET", "\(sandbox.api)/sales_invoices.json?filter=period:20260101..20261231&per_page=100&page=\(page)")
            #expect(response.status == 200)
            let items = try JSON.array(response)
            sizes.append(items.count)
            references += items.compactMap { $0["reference"] as? String }
            if page == 1 {
                #expect(response.header("Link")?.contains("rel=\"next\"") == true)
                #expect(response.header("X-Total-Count") == "230")
            }
        }
        #expect(sizes == [100, 100, 30, 0])
        #expect(Set(references).count == 230)
        #expect(!references.contains { $0.hasPrefix("OLD") })

        let old = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=period:202506..202506"))
        #expect(old.compactMap { $0["reference"] as? String } == ["OLD1", "OLD2", "OLD3", "OLD4"])
        let byReference = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=reference:R7%7CR9,state:draft"))
        #expect(byReference.compactMap { $0["reference"] as? String } == ["R7", "R9"])
        let none = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:paid"))
        #expect(none.isEmpty)

        let tooMany = try sandbox.call("GET", "\(sandbox.api)/sales_invoices?per_page=101")
        #expect(tooMany.status == 400)
        #expect(try JSON.object(tooMany)["error"] as? String == "per_page does not have a valid value")
        let halfPeriod = try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=period:20260101..")
        #expect(halfPeriod.status == 400)
        #expect(try JSON.object(halfPeriod)["error"] as? String == "Period must have both a start and end date")
    }

    @Test func synchronization() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let first = try sandbox.createInvoice(
            contact: contact, reference: "S1", extra: #", "invoice_date": "2026-05-01""#,
            lines: #"[{"description": "a", "price": 1}]"#)
        _ = try sandbox.createInvoice(
            contact: contact, reference: "S2", extra: #", "invoice_date": "2026-05-02""#,
            lines: #"[{"description": "a", "price": 2}]"#)
        let versions = try JSON.array(
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices/synchronization.json?filter=period:202605..202605"))
        #expect(versions.count == 2)
        #expect(versions.first?["id"] as? String == first["id"] as? String)
        #expect(versions.first?["version"] as? Int == first["version"] as? Int)

        let ids = versions.compactMap { $0["id"] as? String }
        let fetched = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices/synchronization.json",
            json: #"{"ids": ["\#(ids[1])", "\#(ids[0])", "999999999999999999"]}"#)
        #expect(fetched.status == 200)
        #expect(try JSON.array(fetched).compactMap { $0["reference"] as? String } == ["S2", "S1"])

        // Unknown filter keys are ignored by the list of versions (spec example), not refused.
        let unknownKey = try sandbox.call(
            "GET", "\(sandbox.api)/sales_invoices/synchronization.json?filter=period:202605..202605,colour:blue")
        #expect(unknownKey.status == 200)
        #expect(try JSON.array(unknownKey).compactMap { $0["id"] as? String } == ids)
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices.json?filter=colour:blue").status == 400)

        let missing = try sandbox.call("POST", "\(sandbox.api)/sales_invoices/synchronization", json: "{}")
        #expect(missing.status == 400)
        #expect(missing.text == #"{"error":"Ids is required","symbolic":{"ids":"required"}}"#)
    }

    @Test func masterData() throws {
        let sandbox = try SandboxProcess()
        let rates = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/tax_rates.json?filter=tax_rate_type:sales_invoice"))
        let domestic = rates.filter { $0["country"] is NSNull }.compactMap { $0["percentage"] as? String }
        #expect(Set(domestic).isSuperset(of: ["21.0", "9.0", "0.0"]))
        #expect(rates.contains { $0["country"] as? String == "DE" })
        let accounts = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/ledger_accounts"))
        #expect(accounts.contains { $0["account_type"] as? String == "revenue" })
        let workflows = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/workflows.json"))
        #expect(workflows.contains { $0["type"] as? String == "InvoiceWorkflow" && $0["default"] as? Bool == true })
        let styles = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/document_styles.json"))
        #expect(styles.count == 1)
    }
}
