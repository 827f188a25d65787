import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// Fouten's "meer info", "probleem melden" and "opnieuw verwerken" (queued for the booking worker,
/// one order or all of them), and Geboekt's ledger links and CSV export, through nginx against
/// orders booked by a real `koppel sync` into the Moneybird sandbox.
@Suite struct DashboardErrorsTests {
    static let password = "Correct-Horse-2026"
    static let email = "eigenaar@example.nl"

    /// The stack of DashboardTabsTests (1 and 3 booked, 2 in error, 4 open) and a logged-in owner.
    static func signedIn(sandbox: LedgerSandbox, webArguments: [String] = []) throws
        -> (Stack, KoppelWebProcess, DashboardClient)
    {
        let (stack, web) = try DashboardTabsTests.bookedStack(sandbox: sandbox, webArguments: webArguments)
        try stack.addUser(email, password: password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(email, password).status == 200)
        return (stack, web, client)
    }

    static func orderID(_ stack: Stack, shopOrder: Int64) throws -> Int64 {
        try #require(try stack.database.orders(license: stack.license).first { $0.orderReference == String(shopOrder) }?.id)
    }

    @Test func meerInfoShowsTheOrderItsVersionsAndHistory() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.signedIn(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/"
        let orderID = try Self.orderID(stack, shopOrder: 2)

        // Fouten's detail in Dutch with the order's figures; koppel's English beside it.
        let errors = try #require(try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        let error = try #require(errors.first { $0["order_id"] as? Int == Int(orderID) })
        let english = try #require(error["detail_english"] as? String)
        #expect(english.hasPrefix("The customer paid in GBP ("), "\(english)")
        let dutch = try #require(error["detail"] as? String)
        #expect(dutch.hasPrefix("De klant betaalde in GBP ("), "\(dutch)")
        #expect(dutch.hasSuffix("; de administratie boekt alleen in EUR en koppel rekent geen valuta om."), "\(dutch)")

        let detail = try answerObject(try client.call("GET", base + "orders/\(orderID)"))
        #expect(detail["status"] as? String == "error")
        #expect(detail["shop_order_id"] as? String == "2")
        let pushed = try #require(detail["order"] as? [String: Any])
        let lines = try #require(pushed["products"] as? [[String: Any]])
        #expect(!lines.isEmpty)
        #expect((pushed["currency"] as? [String: Any])?["code"] as? String == "GBP")
        #expect(pushed["customer"] is [String: Any])
        let versions = try #require(detail["versions"] as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [1])
        #expect((versions.first?["digest"] as? String)?.count == 64)
        #expect(versions.first?["payload"] == nil)
        let history = try #require(detail["history"] as? [[String: Any]])
        #expect(history.contains { $0["state"] as? String == "error" })
        #expect(history.allSatisfy { ($0["at"] as? Int ?? 0) > 0 })

        // Not a number, not an order, or another connection's order: 404.
        #expect(try client.call("GET", base + "orders/twee").status == 404)
        #expect(try client.call("GET", base + "orders/999999").status == 404)
        let otherShop = try stack.database.addConnection(name: "Andere winkel", shop: .opencart, ledger: .moneybird, now: 1)
        let attached = try runProgram(
            "koppel", ["user", "attach", Self.email, otherShop.licenseKey], environment: stack.environment)
        #expect(attached.status == 0, "\(attached.errors)")
        #expect(try client.call("GET", "connections/\(otherShop.licenseKey)/orders/\(orderID)").status == 404)
        #expect(try client.call("GET", "connections/\(otherShop.licenseKey)/orders/\(orderID)/bundle").status == 404)
        #expect(try DashboardClient(stack).call("GET", base + "orders/\(orderID)").status == 401)
    }

    @Test func theProblemBundleHoldsTheDiagnosisAndNoSecret() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.signedIn(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/"
        let orderID = try Self.orderID(stack, shopOrder: 2)
        // A secret inside stored JSON, where no column name gives it away.
        let webhookSecret = "Webhook-Geheim-7f3a91"
        try stack.database.updateLedgerSettings(connectionID: try Self.connectionID(stack), now: 2) { json in
            var settings = try JSONSerialization.jsonObject(with: Data((json ?? "{}").utf8)) as? [String: Any] ?? [:]
            settings["webhook_token"] = webhookSecret
            json = String(decoding: try JSONSerialization.data(withJSONObject: settings), as: UTF8.self)
        }

        let response = try client.call("GET", base + "orders/\(orderID)/bundle")
        #expect(response.status == 200, "\(response.text)")
        let disposition = try #require(response.header("content-disposition"))
        #expect(disposition.hasPrefix("attachment;") && disposition.contains("bestelling-2.json"), "\(disposition)")
        let bundle = try answerObject(response)
        #expect(bundle["koppel_version"] is String)
        // Every migration the store has applied, in order: v1 first, the reprocess requests among them.
        let migrations = try #require(bundle["store_migrations"] as? [String])
        #expect(migrations.first?.hasPrefix("v1:") == true && migrations.contains { $0.hasPrefix("v13:") }, "\(migrations)")
        #expect((bundle["versions"] as? [[String: Any]])?.first?["payload"] is [String: Any])
        #expect(!((bundle["booking_history"] as? [Any]) ?? []).isEmpty)
        let connection = try #require(bundle["connection"] as? [String: Any])
        #expect(connection["license_key"] as? String == stack.license)
        #expect((connection["ledger"] as? [String: Any])?["administration_id"] as? String == LedgerSandbox.administration)
        #expect((connection["booking_configuration"] as? [String: Any])?["booked_status_ids"] as? [Int] == [2, 3, 5])
        #expect(!((bundle["last_runs"] as? [Any]) ?? []).isEmpty)

        // None of the connection's secrets, in any form the store holds them.
        let sealed = try stack.database.pool.read { db in
            (
                try Data.fetchOne(db, sql: "SELECT api_key_sealed FROM connection WHERE license_key = ?", arguments: [stack.license]),
                try Data.fetchOne(db, sql: "SELECT tokens_sealed FROM connection_ledger")
            )
        }
        let hex = { (data: Data?) in (data ?? Data()).map { String(format: "%02x", $0) }.joined() }
        let text = response.text
        let masterKey = try Data(contentsOf: URL(fileURLWithPath: stack.masterKeyPath))
        for secret in [
            stack.apiKey, LedgerSandbox.token, webhookSecret, hex(sealed.0), hex(sealed.1),
            try #require(sealed.0).base64EncodedString(), try #require(sealed.1).base64EncodedString(),
            masterKey.base64EncodedString(), hex(masterKey),
        ] {
            #expect(!secret.isEmpty && !text.contains(secret), "a secret is in the bundle")
        }
        let removedSome = text.contains("[verwijderd]")
        #expect(removedSome, "the secret inside the ledger settings was not removed")
    }

    static func connectionID(_ stack: Stack) throws -> Int64 {
        try #require(try stack.database.connection(license: stack.license)?.id)
    }

    @Test func reprocessIsQueuedAndTheWorkerBooksItBeforeTheRestOfItsPass() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.signedIn(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/"

        // Order 1's invoice is deleted in Moneybird; the reconciler puts it among the errors.
        let booked = try #require(try answerObject(try client.call("GET", base + "booked"))["orders"] as? [[String: Any]])
        let invoiceID = try #require(booked.first { $0["shop_order_id"] as? String == "1" }?["ledger_id"] as? String)
        let deleted = try CurlHTTPClient().perform(
            HTTPRequest(method: "DELETE", url: sandbox.baseURL + "/sandbox/\(LedgerSandbox.administration)/sales_invoices/\(invoiceID)"))
        #expect(deleted.status < 300, "\(deleted.text)")
        let reconciled = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--reports", stack.folder.appendingPathComponent("reports").path],
            environment: stack.environment)
        #expect(reconciled.status == 0, "\(reconciled.errors)")
        let orderID = try Self.orderID(stack, shopOrder: 1)
        let listed = try #require(try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        let missing = try #require(listed.first { $0["order_id"] as? Int == Int(orderID) })
        #expect(missing["detail"] as? String == "Bevinding van de nachtelijke controle: ontbreekt (boeking)")
        #expect(missing["detail_english"] as? String == "ledger differs: missing booking")

        // No worker yet: the request answers at once and the order waits in the queue.
        let queued = try client.call("POST", base + "orders/\(orderID)/reprocess")
        #expect(queued.status == 202, "\(queued.text)")
        #expect(try answerObject(queued)["status"] as? String == "queued")
        let waiting = try answerObject(try client.call("GET", base + "orders/\(orderID)"))
        #expect(waiting["status"] as? String == "queued")
        #expect((waiting["reprocess"] as? [String: Any])?["requested_at"] is Int)
        // A new order arrives before the worker starts: the queued one still goes first.
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-gift-voucher.json"])).status == 200)
        let newOrderID = try Self.orderID(stack, shopOrder: 5)

        let worker = try BookingWorker(stack)
        defer { withExtendedLifetime(worker) {} }
        let detail = try eventually("the worker booking order 1") { () -> ([String: Any]?, last: String) in
            let detail = try answerObject(try client.call("GET", base + "orders/\(orderID)"))
            let status = detail["status"] as? String ?? "?"
            return (["queued", "busy"].contains(status) ? nil : detail, status)
        }
        let workerLog = try worker.log()
        #expect(detail["status"] as? String == "booked", "\(workerLog)")
        let request = try #require(detail["reprocess"] as? [String: Any])
        #expect(request["outcome"] as? String == "booked")
        #expect(request["finished_at"] is Int)
        let events = try stack.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, order_id, detail FROM booking_event ORDER BY id")
                .map { (id: $0["id"] as Int64, order: $0["order_id"] as Int64, detail: $0["detail"] as String) }
        }
        #expect(events.contains { $0.order == orderID && $0.detail.hasPrefix("reprocess queued by user") })
        let reprocessedBooked = try #require(events.last { $0.order == orderID }?.id)
        let newOrderFirst = try eventually("the worker examining the new order") { () -> (Int64?, last: String) in
            let first = try stack.database.pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT MIN(id) FROM booking_event WHERE order_id = ?", arguments: [newOrderID])
            }
            return (first, "no event yet")
        }
        #expect(reprocessedBooked < newOrderFirst)
        // Booked now: nothing to reprocess.
        #expect(try client.call("POST", base + "orders/\(orderID)/reprocess").status == 409)

        // "Alles opnieuw verwerken": every error queued (order 2 in GBP, the new order if it is
        // one), its progress followed.
        let before = try #require(try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        #expect(before.contains { $0["shop_order_id"] as? String == "2" })
        let all = try client.call("POST", base + "errors/reprocess")
        #expect(all.status == 202, "\(all.text)")
        let batch = try answerObject(all)
        #expect(batch["total"] as? Int == before.count)
        #expect(batch["done"] as? Int == 0)
        let batchID = try #require(batch["batch"] as? String)
        let progress = try eventually("the worker reprocessing every error") { () -> ([String: Any]?, last: String) in
            let progress = try answerObject(try client.call("GET", base + "reprocess/\(batchID)"))
            return (progress["done"] as? Int == before.count ? progress : nil, "\(progress)")
        }
        #expect(progress["booked"] as? Int == 0)
        #expect(progress["message"] as? String == "Klaar: \(before.count) van \(before.count) verwerkt.")
        let errors = try #require(try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        #expect(errors.map { $0["order_id"] as? Int } == before.map { $0["order_id"] as? Int })
        #expect(try client.call("GET", base + "reprocess/onbekend").status == 404)
        #expect(try client.call("POST", base + "errors/reprocess", sendCSRF: false).status == 403)
    }

    @Test func geboektLinksIntoTheLedgerAndExportsCSVPageByPage() throws {
        let sandbox = try LedgerSandbox()
        // One booking a page: the export walks the keyset from page to page.
        let (stack, web, client) = try Self.signedIn(sandbox: sandbox, webArguments: ["--export-page-size", "1"])
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/"
        let booked = try #require(try answerObject(try client.call("GET", base + "booked"))["orders"] as? [[String: Any]])
        #expect(booked.count == 2)
        for order in booked {
            let ledgerID = try #require(order["ledger_id"] as? String)
            #expect(order["link"] as? String == "https://moneybird.com/\(LedgerSandbox.administration)/sales_invoices/\(ledgerID)")
        }

        let csv = try client.call("GET", base + "booked.csv")
        #expect(csv.status == 200, "\(csv.text)")
        #expect(csv.header("content-type")?.hasPrefix("text/csv") == true)
        #expect(csv.header("content-disposition")?.hasPrefix("attachment;") == true)
        #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]))
        let lines = String(decoding: csv.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "Bestelling;Referentie;Factuurdatum;Geboekt op (UTC);Klant;Bedrag;Id in de boekhouding;Link")
        #expect(lines.count == 3, "\(lines)")
        // Newest first, as Geboekt lists them, each with its amount in Excel-NL form.
        for (line, order) in zip(lines.dropFirst(), booked) {
            let fields = line.components(separatedBy: ";")
            #expect(fields.first == order["shop_order_id"] as? String)
            let cents = order["gross_cents"] as? Int ?? 0
            #expect(fields[5] == "\(cents / 100),\(String(format: "%02d", cents % 100))", "\(line)")
            #expect(fields[6].contains(order["ledger_id"] as? String ?? "?"))
            #expect(fields[7] == order["link"] as? String)
        }
        let empty = try client.call("GET", base + "booked.csv?from=2001-01-01&to=2001-12-31")
        #expect(String(decoding: empty.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1)
        #expect(try client.call("GET", base + "booked.csv?from=gisteren").status == 400)
        #expect(try DashboardClient(stack).call("GET", base + "booked.csv").status == 401)
    }
}

/// Rapporten in pages, as Geboekt: keyset on (started_at, id), newest first.
@Suite struct DashboardReportPagesTests {
    @Test func rapportenComeInPagesNewestFirst() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        let connectionID = try DashboardErrorsTests.connectionID(stack)
        // Two runs started in the same second: the id orders them.
        for startedAt in [1_767_000_000, 1_767_100_000, 1_767_100_000] as [Int64] {
            try stack.database.recordReconcileRun(
                ReconcileRun(
                    connectionID: connectionID, startedAt: startedAt, finishedAt: startedAt + 1,
                    summary: ReconcileSummary(period: DatePeriod(first: "2025-12-01", last: "2025-12-31")),
                    reportPath: nil, mail: nil))
        }
        try stack.addUser(DashboardErrorsTests.email, password: DashboardErrorsTests.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(DashboardErrorsTests.email, DashboardErrorsTests.password).status == 200)
        let base = "connections/\(stack.license)/reports"

        var seen: [Int] = []
        var after = ""
        for _ in 0..<3 {
            let page = try answerObject(try client.call("GET", base + "?limit=2" + (after.isEmpty ? "" : "&after=\(after)")))
            seen += (page["reports"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            guard let next = page["next"] as? String else { break }
            after = next
        }
        let all = try #require(try answerObject(try client.call("GET", base))["reports"] as? [[String: Any]])
        #expect(all.compactMap { $0["id"] as? Int } == seen)
        #expect(seen.count == 3)
        #expect(all.compactMap { $0["started_at"] as? Int } == [1_767_100_000, 1_767_100_000, 1_767_000_000])
        #expect(seen[0] > seen[1])
        #expect(try client.call("GET", base + "?after=gisteren").status == 400)
    }
}
