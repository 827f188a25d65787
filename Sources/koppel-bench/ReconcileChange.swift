import ArgumentParser
import Foundation
import KoppelHTTP

/// Edits one in `every` of the invoices `reconcile-seed` made (a cent more on the first line, as
/// someone would in Moneybird), for the incremental run of scripts/bench-reconcile. Prints how many.
struct ReconcileChange: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile-change", abstract: "Edit one in EVERY of the seeded invoices in the sandbox.")

    @Option var sandbox: String
    @Option var token: String
    @Option var administration: String
    @Option var every = 100

    func run() throws {
        CurlHTTPClient.globalInit()
        let client = try CurlHTTPClient()
        let list = try client.perform(HTTPRequest(
            url: sandbox + "/api/v2/\(administration)/sales_invoices/synchronization.json?filter=period:20260101..20261231,state:all",
            headers: [("Authorization", "Bearer \(token)")], timeout: 600))
        // The list is oldest first, so its n-th id is the seed's booking n (reference n + 1).
        let ids = String(decoding: list.body, as: UTF8.self).components(separatedBy: #""id":""#).dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
        var changed = 0
        for index in stride(from: every / 2, to: ids.count, by: every) {
            let euros = ReconcileSeed.lines(index)[0].euros
            let response = try client.perform(HTTPRequest(
                method: "PATCH", url: sandbox + "/sandbox/\(administration)/sales_invoices/\(ids[index])",
                headers: [("Content-Type", "application/json")], body: Data(#"{"line": 0, "price": "\#(euros).01"}"#.utf8)))
            guard response.status == 200 else { throw ValidationError("edit refused: \(response.text.prefix(300))") }
            changed += 1
        }
        print(changed)
    }
}
