import AXML
import Foundation
import KoppelHTTP
import Testing

/// The REST read-back: `_data`/`_meta` pages, an invoice with its lines, totals and VAT per class.
@Suite struct AsperionReadBackTests {
    @Test func pagesAreLinkedByNextPageUntilTheLast() throws {
        let sandbox = try AsperionSandboxProcess()
        #expect(
            try sandbox.upload(
                "orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1001", "1002", "1003", "1004", "1005"])
            ).status == 201)
        var path: String? = "/v1/salesinvoices?pageSize=2"
        var descriptions: [String] = []
        var pages = 0
        while let next = path {
            let page = try JSON.object(try sandbox.call("GET", "\(sandbox.base)\(next)"))
            let meta = try #require(page["_meta"] as? [String: Any])
            #expect(meta["totalCount"] as? Int == 5)
            #expect(meta["pageCount"] as? Int == 3)
            #expect(meta["administrationId"] as? Int == AsperionSandboxProcess.tenant)
            #expect((meta["previousPage"] is NSNull) == (pages == 0))
            descriptions += try JSON.list(page, "_data").compactMap { $0["description"] as? String }
            path = meta["nextPage"] as? String
            pages += 1
            #expect(pages <= 3)
        }
        #expect(pages == 3)
        #expect(
            descriptions == [
                "Bestelling 1001", "Bestelling 1002", "Bestelling 1003", "Bestelling 1004", "Bestelling 1005",
            ])

        let metaOnly = try sandbox.read("salesinvoices?metaOnly=true")
        #expect(metaOnly["_data"] == nil)
        #expect((metaOnly["_meta"] as? [String: Any])?["totalCount"] as? Int == 5)
        let beyond = try sandbox.read("salesinvoices?page=9&pageSize=2")
        #expect(try JSON.list(beyond, "_data").isEmpty)
    }

    @Test func anInvoiceCarriesItsLinesTotalsVATPerClassDebtorDateAndOrderNumber() throws {
        let sandbox = try AsperionSandboxProcess()
        let report = try JSON.object(
            try sandbox.upload(
                "orders-2026-03-01.xml", try AXMLFiles.file([AXMLFiles.order("1001", date: "2026-02-27")])))
        let id = try #require(try JSON.list(report, "orders").first?["salesInvoiceId"] as? Int)
        let response = try sandbox.call("GET", "\(sandbox.api)/salesinvoiceswithlines/\(id)")
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("application/json") == true)
        let invoice = try JSON.object(response)
        #expect(invoice["id"] as? Int == id)
        #expect(invoice["invoiceNumber"] is NSNull)
        #expect(invoice["status"] as? String == "Concept")
        #expect(invoice["date"] as? String == "2026-02-27")
        #expect(invoice["bookyear"] as? Int == 2026)
        #expect(invoice["bookperiod"] as? Int == 2)
        #expect(invoice["description"] as? String == "Bestelling 1001")
        #expect(invoice["debtorCustomerNumber"] as? String == "1")
        #expect(invoice["paymentCode"] as? String == "IDEAL")
        // Money compared as the literal text the sandbox wrote, never through a floating point number.
        for member in [
            #""amountExclVat":32.95"#, #""vatAmount":5.70"#, #""amountInclVat":38.65"#,
            #""vats":[{"vatCode":"high","vatPercentage":21,"amountExclVat":25.00,"vatAmount":5.25},{"vatCode":"low","vatPercentage":9,"amountExclVat":4.95,"vatAmount":0.45},{"vatCode":"zero","vatPercentage":0,"amountExclVat":3.00,"vatAmount":0.00}]"#,
            #"{"description":"Fietsbel","quantity":2,"price":12.50,"amount":25.00,"vatCode":"high","vatPercentage":21,"vatAmount":5.25,"#,
        ] {
            #expect(response.text.contains(member), "\(member) in \(response.text)")
        }
        let lines = try JSON.list(try #require(invoice["lines"] as? [String: Any]), "_data")
        #expect(lines.map { $0["description"] as? String } == ["Fietsbel", "Kookboek", "Cadeaubon"])

        // Without lines: the same invoice, no `lines`.
        let bare = try sandbox.read("salesinvoices/\(id)")
        #expect(bare["lines"] == nil)
        #expect(bare["description"] as? String == "Bestelling 1001")
        let debtor = try sandbox.read("debtors/\(try #require(invoice["debtorId"] as? Int))")
        #expect(debtor["name"] as? String == "Jan Jansen")
        #expect(debtor["countryCode"] as? String == "NL")
    }

    @Test func entityEncodedTextsReadBackAsTheShopWroteThem() throws {
        let sandbox = try AsperionSandboxProcess()
        var order = AXMLFiles.order("1001")
        order.debtor.name = "Jansen & Zn \"De <Fiets>\" 'B.V.'"
        order.lines[0].description = "Bel & stuur <rood>"
        let xml = try AXMLFiles.file([order])
        #expect(xml.contains("Jansen &amp; Zn &quot;De &lt;Fiets&gt;&quot; &apos;B.V.&apos;"), "\(xml)")
        #expect(try sandbox.upload("orders-2026-03-01.xml", xml).status == 201)
        let invoice = try sandbox.read("salesinvoiceswithlines/1")
        let lines = try JSON.list(try #require(invoice["lines"] as? [String: Any]), "_data")
        #expect(lines.first?["description"] as? String == "Bel & stuur <rood>")
        #expect(try sandbox.read("debtors/1")["name"] as? String == "Jansen & Zn \"De <Fiets>\" 'B.V.'")
    }

    @Test func filtersAndAdministrationsKeepToTheirOwnInvoices() throws {
        let sandbox = try AsperionSandboxProcess()
        #expect(
            try sandbox.upload(
                "orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1001", "1002"], date: "2026-03-01")
            ).status == 201)
        #expect(
            try sandbox.upload("orders-2026-03-02.xml", try AXMLFiles.file(numbers: ["1003"], date: "2026-03-02"))
                .status == 201)
        let other = try sandbox.upload(
            "orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1001"]),
            license: AsperionSandboxProcess.otherLicense,
            tenant: AsperionSandboxProcess.otherTenant)
        #expect(other.status == 201)

        let byDate = try JSON.list(try sandbox.read("salesinvoices?dateFrom=2026-03-02&dateTo=2026-03-31"), "_data")
        #expect(byDate.map { $0["description"] as? String } == ["Bestelling 1003"])
        let byText = try JSON.list(try sandbox.read("salesinvoices?description=bestelling%201002"), "_data")
        #expect(byText.count == 1)
        let newestFirst = try JSON.list(try sandbox.read("salesinvoices?orderBy=date%20desc"), "_data")
        #expect(newestFirst.first?["description"] as? String == "Bestelling 1003")
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices?dateFrom=yesterday").status == 400)

        // The other administration's one invoice is not readable under this one's id.
        let otherID = try #require(try JSON.list(try JSON.object(other), "orders").first?["salesInvoiceId"] as? Int)
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices/\(otherID)").status == 404)
        let otherList = try JSON.object(
            try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: String(AsperionSandboxProcess.otherTenant)))
        #expect(try JSON.list(otherList, "_data").map { $0["id"] as? Int } == [otherID])
    }
}
