import Foundation
import KoppelHTTP
import Testing

/// The sandbox-only bulk import (`/sandbox/customer/import`, `/sandbox/transaction_line_batch/import`):
/// what it stores reads back through the API as if each had been posted, and a batch the API would
/// refuse fails the whole import.
@Suite struct MinoxImportTests {
    @Test func importedCustomersAndEntriesReadBackAsPostedOnes() throws {
        let sandbox = try MinoxSandboxProcess()
        let customers = #"{"customers": [{"addresses": [{"name": "Klant 0", "email_addresses": [{"email_address": "klant0@example.nl"}]}]}, {"addresses": [{"name": "Klant 1"}]}]}"#
        let imported = try sandbox.call("POST", "\(sandbox.base)/sandbox/customer/import", json: customers, token: nil)
        #expect(imported.status == 201, "\(imported.text)")
        let ids = try #require(try JSON.object(imported)["ids"] as? [Int])
        #expect(ids.count == 2)
        #expect(try sandbox.call("GET", "\(sandbox.api)/customer/by_email/klant0@example.nl").status == 200)

        let first = "0f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f", second = "1f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f"
        let entry = { (id: String, reference: String) in
            #"{"id": "\#(id)", "lines": \#(MinoxSandboxProcess.salesEntry(customer: ids[0], net: "25.62", vat: "5.38", gross: "31", reference: reference))}"#
        }
        let batches = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/transaction_line_batch/import", json: #"{"batches": [\#(entry(first, "1")), \#(entry(second, "2"))]}"#,
            token: nil)
        #expect(batches.status == 201, "\(batches.text)")
        #expect(try sandbox.call("GET", "\(sandbox.api)/transaction_line_batch/\(second)").status == 200)
        let lines = try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines?period=3"))
        #expect(lines.count == 6)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/receivable?status=open")).count == 2)
        // Not counted as API requests: a benchmark counts only what koppel sends.
        #expect(try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", token: nil))["total"] as? Int == 4)
    }

    @Test func anImportWithOneRefusedBatchStoresNothing() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let good = #"{"id": "2f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f", "lines": \#(MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31"))}"#
        let unbalanced = #"{"id": "3f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f", "lines": \#(MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.37", gross: "31"))}"#
        let refused = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/transaction_line_batch/import", json: #"{"batches": [\#(good), \#(unbalanced)]}"#, token: nil)
        #expect(refused.status == 422, "\(refused.text)")
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines")).isEmpty)
    }
}
