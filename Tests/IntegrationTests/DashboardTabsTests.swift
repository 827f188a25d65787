import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// Geboekt, Fouten, Open and "opnieuw verwerken" over orders pushed through nginx and booked by a
/// real `koppel sync` into the Moneybird sandbox.
@Suite struct DashboardTabsTests {
    static let password = "Correct-Horse-2026"

    /// A stack with koppel-web, OpenCart 3's orders 1–4 pushed and synced: 1 and 3 booked, 2 in
    /// error (paid in GBP), 4 open (Pending).
    static func bookedStack(sandbox: LedgerSandbox, webArguments: [String] = []) throws -> (Stack, KoppelWebProcess) {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack, arguments: webArguments)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        let connected = try runProgram(
            "koppel",
            [
                "ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration",
                LedgerSandbox.administration,
            ],
            input: LedgerSandbox.token + "\n", environment: stack.environment)
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try runProgram(
            "koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.errors)")
        return (stack, web)
    }

    @Test func theTabsShowWhatKoppelDidAndAnErrorIsReprocessed() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web) = try Self.bookedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        let base = "connections/\(stack.license)/"

        // Geboekt, one order a page: the keyset cursor leads to the second and last page.
        let first = try answerObject(try client.call("GET", base + "booked?limit=1"))
        let firstOrders = try #require(first["orders"] as? [[String: Any]])
        let cursor = try #require(first["next"] as? String)
        let second = try answerObject(try client.call("GET", base + "booked?limit=1&after=\(cursor)"))
        let secondOrders = try #require(second["orders"] as? [[String: Any]])
        #expect(second["next"] == nil || second["next"] is NSNull)
        let booked = (firstOrders + secondOrders).compactMap { $0["shop_order_id"] as? String }
        #expect(booked.sorted() == ["1", "3"])
        let all = try #require(try answerObject(try client.call("GET", base + "booked"))["orders"] as? [[String: Any]])
        #expect(all.count == 2)
        #expect(all.allSatisfy { ($0["gross_cents"] as? Int ?? 0) > 0 && !($0["ledger_id"] as? String ?? "").isEmpty })
        // A period without bookings is empty; a malformed date is refused.
        let empty = try answerObject(try client.call("GET", base + "booked?from=2001-01-01&to=2001-12-31"))
        #expect((empty["orders"] as? [Any])?.isEmpty == true)
        #expect(try client.call("GET", base + "booked?from=gisteren").status == 400)

        // Fouten: order 2, in Dutch, with koppel's own words beside it.
        let errors = try #require(
            try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        #expect(errors.map { $0["shop_order_id"] as? String } == ["2"])
        #expect(errors.first?["code"] as? String == "foreign_currency")
        #expect(errors.first?["message"] as? String == "De bestelling is in een andere valuta dan de euro.")

        // Open: order 4 (Pending) with the reason.
        let open = try #require(try answerObject(try client.call("GET", base + "open"))["orders"] as? [[String: Any]])
        #expect(open.map { $0["shop_order_id"] as? String } == ["4"])
        #expect(open.first?["reason"] as? String == "Deze status wordt (nog) niet geboekt.")
        // The detail in Dutch too (koppel's own words: "status Pending is not booked").
        let openDetail = try #require(open.first?["detail"] as? String)
        #expect(openDetail.hasPrefix("Bestellingen met status "), "\(openDetail)")
        #expect(openDetail.hasSuffix(" worden niet geboekt (Configuratie › Orderstatussen)."), "\(openDetail)")

        // The booking of order 1 is deleted in Moneybird; the reconciler puts it among the errors,
        // and "opnieuw verwerken" books it again.
        let order1 = try #require(all.first { $0["shop_order_id"] as? String == "1" })
        let invoiceID = try #require(order1["ledger_id"] as? String)
        let deleted = try CurlHTTPClient().perform(
            HTTPRequest(
                method: "DELETE",
                url: sandbox.baseURL + "/sandbox/\(LedgerSandbox.administration)/sales_invoices/\(invoiceID)"))
        #expect(deleted.status < 300, "\(deleted.text)")
        let reports = stack.folder.appendingPathComponent("reports").path
        let reconciled = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--reports", reports], environment: stack.environment)
        #expect(reconciled.status == 0, "\(reconciled.errors)")
        let withMissing = try #require(
            try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        let missing = try #require(withMissing.first { $0["shop_order_id"] as? String == "1" })
        let orderID = try #require(missing["order_id"] as? Int)

        #expect(try client.call("POST", base + "orders/\(orderID)/reprocess", sendCSRF: false).status == 403)
        // Queued at once; the booking worker books it.
        let reprocessed = try client.call("POST", base + "orders/\(orderID)/reprocess")
        #expect(reprocessed.status == 202, "\(reprocessed.text)")
        #expect(try answerObject(reprocessed)["status"] as? String == "queued")
        let worker = try BookingWorker(stack)
        defer { withExtendedLifetime(worker) {} }
        let status = try eventually("the worker booking order 1") { () -> (String?, last: String) in
            let status = try answerObject(try client.call("GET", base + "orders/\(orderID)"))["status"] as? String ?? "?"
            return (["queued", "busy"].contains(status) ? nil : status, status)
        }
        let workerLog = try worker.log()
        #expect(status == "booked", "\(workerLog)")
        let after = try #require(
            try answerObject(try client.call("GET", base + "errors"))["errors"] as? [[String: Any]])
        #expect(after.map { $0["shop_order_id"] as? String } == ["2"])
        // Booked orders have nothing to reprocess.
        let bookedAgain = try client.call("POST", base + "orders/\(orderID)/reprocess")
        #expect(bookedAgain.status == 409)
    }

    @Test func rapportenListsTheRunsAndServesOnlyTheirOwnFiles() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web) = try Self.bookedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let otherShop = try stack.database.addConnection(
            name: "Andere winkel", shop: .opencart, ledger: .moneybird, now: 1)
        try stack.addUser(
            "eigenaar@example.nl", password: Self.password, licenses: [stack.license, otherShop.licenseKey])
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        let base = "connections/\(stack.license)/"
        let empty = try answerObject(try client.call("GET", base + "reports"))
        #expect((empty["reports"] as? [Any])?.isEmpty == true)

        let reportsFolder = stack.folder.appendingPathComponent("reports")
        let reconciled = try runProgram(
            "koppel", ["reconcile", "--no-mail", "--reports", reportsFolder.path, "--connection", stack.license],
            environment: stack.environment)
        #expect(reconciled.status == 0, "\(reconciled.errors)")

        let reports = try #require(
            try answerObject(try client.call("GET", base + "reports"))["reports"] as? [[String: Any]])
        #expect(reports.count == 1)
        let run = try #require(reports.first)
        let csvName = try #require(run["csv"] as? String)
        #expect(csvName.hasSuffix("_afwijkingen.csv"))
        #expect(run["booked"] as? Int == 2)
        #expect((run["period_first"] as? String)?.count == 10)
        let summaryName = try #require(run["summary_file"] as? String)
        let summaryOnDisk = try String(
            contentsOf: reportsFolder.appendingPathComponent(summaryName), encoding: .utf8)
        #expect(run["summary"] as? String == summaryOnDisk)

        // The CSV downloads as it is on disk.
        let csv = try client.call("GET", base + "reports/\(csvName)")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(csv.header("Content-Disposition") == "attachment; filename=\"\(csvName)\"")
        #expect(csv.body == (try Data(contentsOf: reportsFolder.appendingPathComponent(csvName))))
        #expect(try client.call("GET", base + "reports/\(summaryName)").status == 200)

        // Names no run recorded: not served, whatever lies in or beside the reports folder.
        for name in ["..%2Fkoppel.sqlite", "%2E%2E%2Fkoppel.sqlite", "koppel.sqlite", "..", "x_afwijkingen.csv"] {
            #expect(try client.call("GET", base + "reports/\(name)").status == 404, "\(name)")
        }
        // Straight to koppel-web, past nginx's own normalising of the path: one segment "../koppel.sqlite".
        let cookie = try #require(client.cookie)
        let direct = try RawHTTP.answer(
            Data(
                ("GET /app/api/\(base)reports/..%2Fkoppel.sqlite HTTP/1.1\r\nHost: localhost\r\n"
                    + "Cookie: koppel_session=\(cookie)\r\nConnection: close\r\n\r\n").utf8),
            unixSocket: stack.folder.appendingPathComponent("web.sock").path)
        #expect(direct.status == 404, "\(direct)")

        // Another connection's report is served through that connection only.
        let otherName = "2026-01-01_021500_andere-winkel-\(otherShop.id)_afwijkingen.csv"
        try Data("andere winkel\n".utf8).write(to: reportsFolder.appendingPathComponent(otherName))
        try stack.database.recordReconcileRun(
            ReconcileRun(
                connectionID: otherShop.id, startedAt: 1_767_230_100, finishedAt: 1_767_230_101,
                summary: ReconcileSummary(period: DatePeriod(first: "2025-12-01", last: "2025-12-31")),
                reportPath: reportsFolder.appendingPathComponent(otherName).path, mail: nil))
        #expect(try client.call("GET", base + "reports/\(otherName)").status == 404)
        #expect(try client.call("GET", "connections/\(otherShop.licenseKey)/reports/\(otherName)").status == 200)
        let ownList = try #require(
            try answerObject(try client.call("GET", base + "reports"))["reports"] as? [[String: Any]])
        #expect(ownList.map { $0["csv"] as? String } == [csvName])

        // Without a session: 401, the list and the file alike.
        let anonymous = DashboardClient(stack)
        #expect(try anonymous.call("GET", base + "reports").status == 401)
        #expect(try anonymous.call("GET", base + "reports/\(csvName)").status == 401)
    }

    @Test func aUserSeesOnlyTheConnectionsAttachedToThem() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        #expect(
            try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-1.json"])).status
                == 200)
        let otherShop = try stack.database.addConnection(
            name: "Andere winkel", shop: .opencart, ledger: .moneybird, now: 1)
        try stack.addUser("eigenaar@example.nl", password: Self.password, licenses: [otherShop.licenseKey])
        try stack.addUser("boekhouder@example.nl", password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)

        let session = try answerObject(try client.call("GET", "session"))
        #expect(
            (session["connections"] as? [[String: Any]])?.map { $0["license"] as? String } == [otherShop.licenseKey])
        let notAttached = try client.call("GET", "connections/\(stack.license)/booked")
        let notExisting = try client.call("GET", "connections/KPL-AAAAA-AAAAA-AAAAA-AAAAA/booked")
        #expect(notAttached.status == 404)
        // The same answer as for a connection that does not exist.
        #expect(notAttached.text == notExisting.text)
        for tab in ["errors", "open"] {
            #expect(try client.call("GET", "connections/\(stack.license)/\(tab)").status == 404)
        }
        let orderID = try #require(try stack.database.orders(license: stack.license).first?.id)
        #expect(try client.call("POST", "connections/\(stack.license)/orders/\(orderID)/reprocess").status == 404)
        // Another connection's order through one's own connection is not found either.
        #expect(
            try client.call("POST", "connections/\(otherShop.licenseKey)/orders/\(orderID)/reprocess").status == 404)
        #expect(try client.call("GET", "connections/\(otherShop.licenseKey)/booked").status == 200)

        // Detached: the session that saw it sees it no more.
        let detached = try runProgram(
            "koppel", ["user", "detach", "eigenaar@example.nl", otherShop.licenseKey], environment: stack.environment)
        #expect(detached.status == 0, "\(detached.errors)")
        #expect(try client.call("GET", "connections/\(otherShop.licenseKey)/booked").status == 404)
        let again = try runProgram(
            "koppel", ["user", "detach", "eigenaar@example.nl", otherShop.licenseKey], environment: stack.environment)
        #expect(again.status != 0)
    }
}
