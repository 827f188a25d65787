import Foundation
import KoppelHTTP
import Testing

/// The owner's import: each order a concept invoice or a rejection with its reason, in a report per file.
@Suite struct AsperionImportTests {
    private static func meta(_ list: [String: Any]) throws -> [String: Any] {
        try #require(list["_meta"] as? [String: Any])
    }

    @Test func inManualModeADeliveredFileWaitsUntilTheOwnerImportsIt() throws {
        let sandbox = try AsperionSandboxProcess(["--asperion-import", "manual"])
        let delivered = try sandbox.upload("orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1001", "1002"]))
        #expect(delivered.status == 201)
        let waiting = try sandbox.report("orders-2026-03-01.xml")
        #expect(waiting["status"] as? String == "waiting")
        #expect(waiting["importedAt"] is NSNull)
        #expect(try JSON.list(waiting, "orders").isEmpty)
        #expect(try Self.meta(try sandbox.read("salesinvoices"))["totalCount"] as? Int == 0)

        let imported = try JSON.list(try sandbox.admin("import"), "imported")
        #expect(imported.map { $0["name"] as? String } == ["orders-2026-03-01.xml"])
        let report = try sandbox.report("orders-2026-03-01.xml")
        #expect(report["status"] as? String == "imported")
        #expect(try JSON.list(report, "orders").map { $0["result"] as? String } == ["imported", "imported"])
        #expect(try Self.meta(try sandbox.read("salesinvoices"))["totalCount"] as? Int == 2)

        // A file is imported once: importing again does nothing.
        #expect(try JSON.list(try sandbox.admin("import"), "imported").isEmpty)
        #expect(try Self.meta(try sandbox.read("salesinvoices"))["totalCount"] as? Int == 2)
    }

    @Test func ordersTheImportRefusesAreRejectedWithTheirReasonAndTheRestImported() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = try AXMLFiles.file([
            AXMLFiles.order("1001"),
            AXMLFiles.order("1002", paymentCode: "BITCOIN"),
            AXMLFiles.order("1003", email: "jan.fietsen.nl"),
            AXMLFiles.order("1001"),
            AXMLFiles.order("1005", paymentCode: nil),
        ])
        let report = try JSON.object(try sandbox.upload("orders-2026-03-01.xml", xml))
        #expect(report["imported"] as? Int == 2)
        #expect(report["rejected"] as? Int == 3)
        let orders = try JSON.list(report, "orders")
        #expect(orders.map { $0["orderNumber"] as? String } == ["1001", "1002", "1003", "1001", "1005"])
        #expect(orders.map { $0["result"] as? String } == ["imported", "rejected", "rejected", "rejected", "imported"])
        #expect(orders[1]["reason"] as? String == "Unknown payment code \"BITCOIN\"")
        #expect((orders[2]["reason"] as? String)?.contains("is no e-mail address") == true)
        #expect((orders[3]["reason"] as? String)?.hasPrefix("Order 1001 was already imported (sales invoice 1") == true)
        #expect(orders[0]["debtorCreated"] as? Bool == true)
        #expect(orders[4]["debtorCreated"] as? Bool == false)
        #expect(orders[4]["debtorId"] as? Int == orders[0]["debtorId"] as? Int)

        // A later file: the order imported before is rejected, a new one for the same e-mail (other case) reuses the debtor.
        let next = try JSON.object(
            try sandbox.upload(
                "orders-2026-03-02.xml",
                try AXMLFiles.file([AXMLFiles.order("1001"), AXMLFiles.order("1006", email: "JAN@Fietsen.nl")])))
        let nextOrders = try JSON.list(next, "orders")
        #expect(nextOrders.map { $0["result"] as? String } == ["rejected", "imported"])
        #expect((nextOrders[0]["reason"] as? String)?.contains("file orders-2026-03-01.xml") == true)
        #expect(nextOrders[1]["debtorId"] as? Int == orders[0]["debtorId"] as? Int)

        let invoices = try JSON.list(try sandbox.read("salesinvoices?pageSize=100"), "_data")
        #expect(
            invoices.map { $0["description"] as? String } == ["Bestelling 1001", "Bestelling 1005", "Bestelling 1006"])
        let debtors = try JSON.list(try sandbox.read("debtors?email=jan%40fietsen.nl"), "_data")
        #expect(debtors.count == 1)
        #expect(debtors.first?["customerNumber"] as? String == "1")
        #expect(debtors.first?["emailAddress"] as? String == "jan@fietsen.nl")
    }

    @Test func withRejectOrderABrokenOrderIsRejectedWithItsViolationsAndTheRestImported() throws {
        let valid = try AXMLFiles.file(numbers: ["1001", "1002", "1003"])
        let second = try #require(valid.range(of: "<OrderNumber>1002</OrderNumber>"))
        let third = try #require(valid.range(of: "<OrderNumber>1003</OrderNumber>"))
        let broken = valid.replacingOccurrences(
            of: "<Country>NL</Country>", with: "<Country>XX</Country>", range: second.lowerBound..<third.lowerBound)
        #expect(broken != valid)

        let sandbox = try AsperionSandboxProcess(["--asperion-broken-orders", "reject-order"])
        let delivered = try sandbox.upload("orders-2026-03-01.xml", broken)
        #expect(delivered.status == 201, "\(delivered.text)")
        let orders = try JSON.list(try JSON.object(delivered), "orders")
        #expect(orders.map { $0["result"] as? String } == ["imported", "rejected", "imported"])
        #expect(orders.map { $0["position"] as? Int } == [1, 2, 3])
        #expect(orders[1]["orderNumber"] is NSNull)
        let reason = try #require(orders[1]["reason"] as? String)
        #expect(
            reason.hasPrefix("The order breaks the aXML schema: /Asperion/Orders/Order[2]/Debtor/Address/Country"),
            "\(reason)")
        // A file broken outside its orders is still refused whole.
        let headless = valid.replacingOccurrences(of: "<Generator>koppel</Generator>", with: "")
        #expect(try sandbox.upload("orders-2026-03-02.xml", headless).status == 422)

        // The default refuses the same file whole.
        let strict = try AsperionSandboxProcess()
        #expect(try strict.upload("orders-2026-03-01.xml", broken).status == 422)
    }

    @Test func theAdministrationsPaymentCodesAreConfigurable() throws {
        let sandbox = try AsperionSandboxProcess(["--asperion-payment-codes", "REMBOURS, BANK"])
        let report = try JSON.object(
            try sandbox.upload(
                "orders-2026-03-01.xml",
                try AXMLFiles.file([
                    AXMLFiles.order("1001", paymentCode: "REMBOURS"), AXMLFiles.order("1002", paymentCode: "IDEAL"),
                ])))
        #expect(try JSON.list(report, "orders").map { $0["result"] as? String } == ["imported", "rejected"])
    }
}
