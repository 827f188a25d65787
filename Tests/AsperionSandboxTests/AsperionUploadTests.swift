import Foundation
import KoppelHTTP
import Testing

/// The delivery: a file is kept once under its name, validated against the aXML schema first.
@Suite struct AsperionUploadTests {
    @Test func aValidFileIsKeptOnceTheSameBytesAgainAreANoOpAndOtherBytesA409() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = try AXMLFiles.file(numbers: ["1001", "1002"])
        let first = try sandbox.upload("orders-2026-03-01.xml", xml)
        #expect(first.status == 201, "\(first.text)")
        let report = try JSON.object(first)
        #expect(report["status"] as? String == "imported")
        #expect(report["imported"] as? Int == 2)
        #expect(report["orderCount"] as? Int == 2)

        let again = try sandbox.upload("orders-2026-03-01.xml", xml)
        #expect(again.status == 200, "\(again.text)")
        #expect(try JSON.object(again)["sha256"] as? String == report["sha256"] as? String)

        let other = try sandbox.upload("orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1003"]))
        #expect(other.status == 409)
        #expect(other.header("content-type") == "application/problem+json")
        #expect(try JSON.object(other)["status"] as? Int == 409)

        // Two invoices, one file, and the file's bytes as first delivered.
        #expect(
            try sandbox.read("salesinvoices")["_meta"].flatMap { ($0 as? [String: Any])?["totalCount"] as? Int } == 2)
        let files = try JSON.list(
            try JSON.object(
                try sandbox.call("GET", sandbox.files(), bearer: AsperionSandboxProcess.license, tenant: nil)), "files")
        #expect(files.count == 1)
        let stored = try sandbox.call(
            "GET", "\(sandbox.files())/orders-2026-03-01.xml", bearer: AsperionSandboxProcess.license, tenant: nil)
        #expect(stored.status == 200)
        #expect(stored.header("content-type") == "application/xml")
        #expect(stored.text == xml)
    }

    @Test func aFileThatBreaksTheSchemaIs422WithEveryViolationAndIsNotKept() throws {
        let sandbox = try AsperionSandboxProcess()
        let valid = try AXMLFiles.file(numbers: ["1001", "1002"])
        // The second order's country is no ISO code and its first line's amount is not 2 × 12.50.
        var broken = valid
        let secondOrder = try #require(broken.range(of: "<OrderNumber>1002</OrderNumber>"))
        broken = broken.replacingOccurrences(
            of: "<Country>NL</Country>", with: "<Country>XX</Country>", range: secondOrder.lowerBound..<broken.endIndex)
        let afterSecond = try #require(broken.range(of: "<OrderNumber>1002</OrderNumber>"))
        broken = broken.replacingOccurrences(
            of: "<Amount>25.00</Amount>", with: "<Amount>26.00</Amount>",
            range: afterSecond.lowerBound..<broken.endIndex)
        #expect(broken != valid)

        let refused = try sandbox.upload("orders-2026-03-01.xml", broken)
        #expect(refused.status == 422, "\(refused.text)")
        #expect(refused.header("content-type") == "application/problem+json")
        let errors = try #require(try JSON.object(refused)["errors"] as? [String: [String]])
        #expect(errors["/Asperion/Orders/Order[2]/Debtor/Address/Country"]?.first?.contains("XX") == true, "\(errors)")
        #expect(errors.keys.contains { $0.hasPrefix("/Asperion/Orders/Order[2]/Orderline[1]") }, "\(errors)")
        #expect(!errors.keys.contains { $0.contains("Order[1]") }, "\(errors)")

        let notXML = try sandbox.upload("orders-2026-03-01.xml", "orders: 1001, 1002")
        #expect(notXML.status == 422)
        #expect(try #require(try JSON.object(notXML)["errors"] as? [String: [String]])["/"] != nil)

        let files = try JSON.list(
            try JSON.object(
                try sandbox.call("GET", sandbox.files(), bearer: AsperionSandboxProcess.license, tenant: nil)), "files")
        #expect(files.isEmpty)
        // Nothing was kept, so the corrected file takes the name.
        #expect(try sandbox.upload("orders-2026-03-01.xml", valid).status == 201)
    }

    @Test func namesAndSizesOutsideTheChannelsRulesAreRefused() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = try AXMLFiles.file(numbers: ["1001"])
        for name in [
            "orders.txt", ".xml", "-orders.xml", "orders%20one.xml", String(repeating: "a", count: 130) + ".xml",
        ] {
            let response = try sandbox.upload(name, xml)
            #expect(response.status == 400, "\(name): \(response.status) \(response.text)")
            #expect(response.header("content-type") == "application/problem+json")
        }
        let huge = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + String(repeating: " ", count: 8 * 1024 * 1024 + 10)
        let tooLarge = try sandbox.upload("orders-huge.xml", huge)
        #expect(tooLarge.status == 413)
        #expect(try sandbox.upload("orders_2026-03-01.v2.xml", xml).status == 201)
    }
}
