import Foundation
import KoppelHTTP
import Testing

/// `PATCH /sandbox/salesinvoices/{id}`: the owner editing a concept invoice, as the reconciler's
/// tests need; `/v1` then shows the edit.
struct AsperionInvoiceEditTests {
    @Test func anEditedLineChangesTheTotalsAndBadEditsAreProblems() throws {
        let sandbox = try AsperionSandboxProcess()
        let report = try JSON.object(
            try sandbox.upload("orders-2026-03-01.xml", try AXMLFiles.file([AXMLFiles.order("1001", date: "2026-02-27")])))
        let id = try #require(try JSON.list(report, "orders").first?["salesInvoiceId"] as? Int)
        let edit = { (json: String) in
            try sandbox.call("PATCH", "\(sandbox.base)/sandbox/salesinvoices/\(id)", body: Data(json.utf8), bearer: nil, tenant: nil)
        }

        // The first line (2 × 12.50 at 21 %) becomes 26.00 with 5.46 VAT; the date moves.
        let edited = try edit(#"{"line": 0, "amountCents": 2600, "vatAmountCents": 546, "date": "2026-03-05"}"#)
        #expect(edited.status == 200, "\(edited.text)")
        let invoice = try sandbox.call("GET", "\(sandbox.api)/salesinvoiceswithlines/\(id)")
        for member in [
            #""date":"2026-03-05""#, #""amountExclVat":33.95"#, #""vatAmount":5.91"#, #""amountInclVat":39.86"#,
            #"{"description":"Fietsbel","quantity":1,"price":26.00,"amount":26.00,"vatCode":"high""#,
        ] {
            #expect(invoice.text.contains(member), "\(member) in \(invoice.text)")
        }

        #expect(try edit(#"{"line": 9, "amountCents": 1}"#).status == 400)
        #expect(try edit(#"{"amountCents": "12.50"}"#).status == 400)
        #expect(try edit(#"{"date": "5 maart"}"#).status == 400)
        let unknown = try sandbox.call(
            "PATCH", "\(sandbox.base)/sandbox/salesinvoices/999", body: Data("{}".utf8), bearer: nil, tenant: nil)
        #expect(unknown.status == 404)
    }
}
