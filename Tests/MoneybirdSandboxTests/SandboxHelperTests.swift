import Foundation
import KoppelHTTP
import Testing

@Suite struct SandboxHelperTests {
    @Test func editDuplicateDeleteAndCount() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let invoice = try sandbox.createInvoice(
            contact: contact, reference: "H1", lines: #"[{"description": "a", "price": "10.00"}]"#)
        let id = try #require(invoice["id"] as? String)
        let version = try #require(invoice["version"] as? Int)

        let edited = try sandbox.call(
            "PATCH", "\(sandbox.base)/sandbox/\(SandboxProcess.administration)/sales_invoices/\(id)",
            json: #"{"price": "20.00", "tax_percentage": 9}"#, token: nil)
        #expect(edited.status == 200)
        let read = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id)"))
        #expect(read["total_price_incl_tax"] as? String == "21.8")
        #expect((read["details"] as? [[String: Any]])?.first?["tax_rate_id"] as? String == (try sandbox.salesRate(9)))
        #expect((read["version"] as? Int ?? 0) > version)

        let renamed = try sandbox.call(
            "PATCH", "\(sandbox.base)/sandbox/\(SandboxProcess.administration)/contacts/\(contact)",
            json: #"{"company_name": "Nieuwe Naam B.V.", "city": "Utrecht"}"#, token: nil)
        #expect(renamed.status == 200)
        let contactNow = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/contacts/\(contact)"))
        #expect(contactNow["company_name"] as? String == "Nieuwe Naam B.V.")
        #expect(contactNow["city"] as? String == "Utrecht")

        let copy = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/\(SandboxProcess.administration)/sales_invoices/\(id)/duplicate", token: nil)
        #expect(copy.status == 201)
        let copyID = try #require(try JSON.object(copy)["id"] as? String)
        #expect(copyID != id)
        let both = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=reference:H1"))
        #expect(both.count == 2)

        let deleted = try sandbox.call(
            "DELETE", "\(sandbox.base)/sandbox/\(SandboxProcess.administration)/sales_invoices/\(id)", token: nil)
        #expect(deleted.status == 204)
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id)").status == 404)

        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", token: nil))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["GET /sales_invoices/{id}"] == 2)
        #expect(endpoints["POST /sales_invoices"] == 1)
        #expect(endpoints["GET /sales_invoices"] == 1)
        #expect(stats["total"] as? Int == endpoints.values.reduce(0, +))
    }

    @Test func stopsCleanlyOnSIGTERM() throws {
        let sandbox = try SandboxProcess()
        #expect(sandbox.port > 0)
        sandbox.process.terminate()
        sandbox.process.waitUntilExit()
        #expect(sandbox.process.terminationReason == .exit)
        #expect(sandbox.process.terminationStatus == 0)
    }
}
