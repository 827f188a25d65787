import Foundation
import KoppelHTTP
import Testing

@Suite struct MinoxMasterDataTests {
    @Test func seededJournalVATCodesAndAccountsComeWrappedInCollection() throws {
        let sandbox = try MinoxSandboxProcess()
        let journals = try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/journal"))
        #expect(journals.contains { $0["id"] as? String == "VK" && $0["type"] as? String == "sales" })
        let vat = try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/vat"))
        #expect(vat.map { "\($0["percentage"]!)" } == ["21", "9", "0", "0", "0"])
        #expect(vat.contains { ($0["type"] as? String ?? "").contains("verlegd") })
        let accounts = try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/ledger_account")).compactMap { $0["id"] as? Int }
        #expect(Set([1300, 8000, 8010, 8100]).isSubset(of: Set(accounts)))
        let unknown = try sandbox.call("GET", "\(sandbox.base)/api/1/tenant/100001/administration/2/vat")
        #expect(unknown.status == 404)
        #expect(try JSON.object(unknown)["message"] as? String == "Administration 2 not found")
        #expect(try sandbox.call("GET", "\(sandbox.api)/vat", token: nil).status == 401)
    }
}
