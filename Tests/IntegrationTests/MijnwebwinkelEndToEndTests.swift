import Foundation
import KoppelCore
import KoppelHTTP
import Testing

/// A Mijnwebwinkel shop (the sandbox process) booked into a ledger sandbox through HTTP, as a user
/// runs koppel: `connection add` with token files, `ledger connect` and `map`, `koppel sync` (which
/// fetches first), `koppel fetch`, `koppel reconcile`.
@Suite(.serialized)
struct MijnwebwinkelEndToEndTests {
    /// Three paid orders (status 2 Betaald) and one pending (1): gross 18.05, 30.15, 42.25 and 11.00.
    static let paid: [(number: Int, article: Int64)] = [(1001, 1_210), (1002, 2_420), (1003, 3_630)]

    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-mww-\(UUID().uuidString)")
        let shop: MijnwebwinkelShopSandbox
        var license = ""
        var environment: [String: String] {
            ["KOPPEL_DATABASE": folder.appendingPathComponent("koppel.sqlite").path,
             "KOPPEL_MASTER_KEY": folder.appendingPathComponent("master.key").path]
        }
        /// Everything koppel printed, to check that no token ever shows.
        var printed = ""

        init(shop: MijnwebwinkelShopSandbox) throws {
            self.shop = shop
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        deinit {
            do { try FileManager.default.removeItem(at: folder) } catch { Issue.record("cleanup of \(folder.path): \(error)") }
        }

        func koppel(_ arguments: [String], input: String? = nil) throws -> ProgramRun {
            let run = try runProgram("koppel", arguments, input: input, environment: environment)
            printed += run.output + run.errors
            return run
        }

        /// A Mijnwebwinkel connection into `ledger`, its shop checked and its tokens stored sealed.
        func addConnection(ledger: String) throws {
            let store = folder.appendingPathComponent("store.token")
            let partner = folder.appendingPathComponent("partner.token")
            try Data((MijnwebwinkelShopSandbox.storeToken + "\n").utf8).write(to: store)
            try Data(MijnwebwinkelShopSandbox.partnerToken.utf8).write(to: partner)
            let added = try koppel([
                "connection", "add", "--name", "Mijnwebwinkel Demowinkel", "--shop", "mijnwebwinkel", "--ledger", ledger,
                "--store-token-file", store.path, "--partner-token-file", partner.path, "--shop-url", shop.baseURL,
            ])
            #expect(added.status == 0, "\(added.errors)")
            #expect(added.errors.contains("connected to the Mijnwebwinkel shop \"Koppel Demowinkel\""), "\(added.errors)")
            license = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(LicenseKey(license) != nil, "\(license)")
            let check = try koppel(["connection", "check", license])
            #expect(check.status == 0, "\(check.errors)")
            #expect(check.output.contains("\"Koppel Demowinkel\" answers"), "\(check.output)")
        }

        func expectNoTokenPrinted(sourceLocation: SourceLocation = #_sourceLocation) {
            for token in [MijnwebwinkelShopSandbox.storeToken, MijnwebwinkelShopSandbox.partnerToken, LedgerSandbox.token] {
                #expect(!printed.contains(token), "a token in koppel's output", sourceLocation: sourceLocation)
            }
        }
    }

    static func addOrders(_ shop: MijnwebwinkelShopSandbox) throws {
        for order in paid { try shop.addOrder(order.number, articleCents: order.article) }
        try shop.addOrder(1004, articleCents: 505, status: 1)
    }

    /// Every sales invoice in the Moneybird sandbox: its reference and total incl. VAT.
    static func invoices(_ ledger: LedgerSandbox) throws -> [(reference: String, total: Cents)] {
        let response = try CurlHTTPClient().perform(HTTPRequest(
            method: "GET", url: "\(ledger.baseURL)/api/v2/\(LedgerSandbox.administration)/sales_invoices.json?filter=state:all&per_page=100",
            headers: [("Authorization", "Bearer \(LedgerSandbox.token)")], body: nil, timeout: 10, freshConnection: true))
        try #require(response.status == 200, "\(response.status) \(response.text)")
        let list = try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]])
        return try list.map { invoice in
            (try #require(invoice["reference"] as? String), try Cents(parsing: try #require(invoice["total_price_incl_tax"] as? String)))
        }
    }

    func reconcile(_ setup: Setup) throws -> ProgramRun {
        try setup.koppel([
            "reconcile", "--no-mail", "--connection", setup.license, "--from", "2026-11-01", "--to", "2026-11-30",
            "--reports", setup.folder.appendingPathComponent("reports").path,
        ])
    }

    @Test func paidOrdersAreBookedInMoneybirdOnceACancellationIsCreditedAndReconcileIsClean() throws {
        let shop = try MijnwebwinkelShopSandbox()
        let ledger = try LedgerSandbox()
        try Self.addOrders(shop)
        let setup = try Setup(shop: shop)
        try setup.addConnection(ledger: "moneybird")
        let connected = try setup.koppel(
            ["ledger", "connect", setup.license, "--base-url", ledger.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n")
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try setup.koppel(["ledger", "map", setup.license])
        #expect(mapped.status == 0, "\(mapped.errors)")

        // The first sync fetches the four orders, chooses the default statuses and books the three paid ones.
        let first = try setup.koppel(["sync"])
        #expect(first.status == 0, "\(first.output) \(first.errors)")
        #expect(first.output.contains("fetched 4 orders, 4 new or changed; booked and cancel statuses chosen by default"), "\(first.output)")
        let booked = try Self.invoices(ledger)
        #expect(booked.count == 3, "\(booked)")
        #expect(booked.map(\.total).sorted() == [Cents(1_805), Cents(3_015), Cents(4_225)], "\(booked)")
        let shown = try setup.koppel(["config", "show", setup.license])
        #expect(shown.output.contains("booked statuses: 2, 3, 4") && shown.output.contains("cancelled statuses (credited): 5"), "Betaald, Verzonden, Afgehaald booked by default: \(shown.output)")

        // The statuses are chosen from the shop's own, as read from its API.
        let unknown = try setup.koppel(["config", "statuses", setup.license, "2,9", "--cancelled", "5"])
        #expect(unknown.status != 0 && unknown.errors.contains("the shop has no order status 9"), "\(unknown.errors)")
        let chosen = try setup.koppel(["config", "statuses", setup.license, "2,3,4", "--cancelled", "5"])
        #expect(chosen.status == 0, "\(chosen.errors)")

        // Nothing new in the shop: a fetch stores nothing and a sync books nothing.
        let fetch = try setup.koppel(["fetch"])
        #expect(fetch.status == 0, "\(fetch.errors)")
        #expect(fetch.output.contains("fetched 0 orders, 0 new or changed"), "\(fetch.output)")
        let again = try setup.koppel(["sync"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(try Self.invoices(ledger).count == 3)

        // Order 1002 cancelled in the shop: one credit invoice, once.
        try shop.changeStatus(1002, to: 5, at: "2026-11-12 09:00:00")
        let credit = try setup.koppel(["sync"])
        #expect(credit.status == 0, "\(credit.output) \(credit.errors)")
        #expect(credit.output.contains("fetched 1 orders, 1 new or changed"), "\(credit.output)")
        let credited = try Self.invoices(ledger)
        #expect(credited.count == 4, "\(credited)")
        #expect(credited.filter { $0.total == Cents(-3_015) }.count == 1, "\(credited)")
        #expect(try setup.koppel(["sync"]).status == 0)
        #expect(try Self.invoices(ledger).count == 4)

        let reconciled = try reconcile(setup)
        #expect(reconciled.status == 0, "\(reconciled.output) \(reconciled.errors)")
        #expect(reconciled.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconciled.output)")
        #expect(reconciled.output.contains("(verschil € 0,00)"), "\(reconciled.output)")
        let list = try setup.koppel(["connection", "list"])
        #expect(list.output.contains("shop access") && !list.output.contains("failed"), "\(list.output)")

        // A change the cursor passes over (stamped before it): the hourly fetch misses it, the nightly
        // recheck reads the open orders again and books it.
        try shop.changeStatus(1004, to: 2, at: "2026-11-11 08:00:00")
        let missed = try setup.koppel(["sync"])
        #expect(missed.output.contains("fetched 0 orders, 0 new or changed"), "\(missed.output)")
        #expect(try Self.invoices(ledger).count == 4)
        let recheck = try setup.koppel(["recheck"])
        #expect(recheck.status == 0, "\(recheck.output) \(recheck.errors)")
        #expect(recheck.output.contains("open ones read again, 1 new or changed"), "\(recheck.output)")
        #expect(try Self.invoices(ledger).map(\.total).filter { $0 == Cents(1_100) }.count == 1)
        setup.expectNoTokenPrinted()
    }

    @Test func paidOrdersAreBookedInMinoxOnceACancellationIsReversedAndReconcileIsClean() throws {
        let shop = try MijnwebwinkelShopSandbox()
        // Minox's own limit (20 requests in 120 s) is not what this test is about.
        let ledger = try MinoxSandboxProcess(arguments: ["--rate-limit", "1000"])
        try Self.addOrders(shop)
        let setup = try Setup(shop: shop)
        try setup.addConnection(ledger: "minox")
        let connected = try setup.koppel(
            ["ledger", "connect", setup.license, "--base-url", ledger.baseURL, "--tenant", MinoxSandboxProcess.tenant,
             "--administration", MinoxSandboxProcess.administration],
            input: MinoxSandboxProcess.token + "\n")
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try setup.koppel(["ledger", "map", setup.license])
        #expect(mapped.status == 0, "\(mapped.errors)")

        let first = try setup.koppel(["sync"])
        #expect(first.status == 0, "\(first.output) \(first.errors)")
        let entries = try ledger.entries(year: 2026)
        #expect(entries.values.map(\.gross).sorted() == [Cents(1_805), Cents(3_015), Cents(4_225)], "\(entries)")
        #expect(try setup.koppel(["sync"]).status == 0)
        #expect(try ledger.entries(year: 2026).count == 3)

        // Order 1002 cancelled: one reversing entry, once.
        try shop.changeStatus(1002, to: 5, at: "2026-11-12 09:00:00")
        let credit = try setup.koppel(["sync"])
        #expect(credit.status == 0, "\(credit.output) \(credit.errors)")
        #expect(try setup.koppel(["sync"]).status == 0)
        let reversed = try ledger.entries(year: 2026)
        #expect(reversed.count == 4, "\(reversed)")
        #expect(reversed.values.filter { $0.gross == Cents(-3_015) }.count == 1, "\(reversed)")

        let reconciled = try reconcile(setup)
        #expect(reconciled.status == 0, "\(reconciled.output) \(reconciled.errors)")
        #expect(reconciled.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconciled.output)")
        #expect(reconciled.output.contains("(verschil € 0,00)"), "\(reconciled.output)")
        setup.expectNoTokenPrinted()
        #expect(!setup.printed.contains(MinoxSandboxProcess.token))
    }

    @Test func paidOrdersAreBookedInFactuursturenOnceACancellationIsCreditedAndReconcileIsClean() throws {
        let shop = try MijnwebwinkelShopSandbox()
        let ledger = try FactuursturenSandboxProcess()
        try Self.addOrders(shop)
        let setup = try Setup(shop: shop)
        try setup.addConnection(ledger: "factuursturen")
        let connected = try setup.koppel(
            ["ledger", "connect", setup.license, "--base-url", ledger.baseURL, "--administration", FactuursturenSandboxProcess.username],
            input: FactuursturenSandboxProcess.credentials + "\n")
        #expect(connected.status == 0, "\(connected.errors)")
        let mapped = try setup.koppel(["ledger", "map", setup.license])
        #expect(mapped.status == 0, "\(mapped.errors)")

        // Paid orders: one invoice each, sent, with its payment registered (nothing open).
        let first = try setup.koppel(["sync"])
        #expect(first.status == 0, "\(first.output) \(first.errors)")
        let invoices = try ledger.invoices()
        #expect(invoices.map(\.gross).sorted() == [Cents(1_805), Cents(3_015), Cents(4_225)], "\(invoices)")
        #expect(invoices.allSatisfy { $0.open.isZero }, "\(invoices)")
        #expect(try setup.koppel(["sync"]).status == 0)
        #expect(try ledger.invoices().count == 3)

        // Order 1002 cancelled: one credit invoice naming the invoice it credits, once.
        try shop.changeStatus(1002, to: 5, at: "2026-11-12 09:00:00")
        let credit = try setup.koppel(["sync"])
        #expect(credit.status == 0, "\(credit.output) \(credit.errors)")
        #expect(try setup.koppel(["sync"]).status == 0)
        let credited = try ledger.invoices()
        #expect(credited.count == 4, "\(credited)")
        let original = try #require(credited.first { $0.gross == Cents(3_015) })
        let credits = credited.filter { $0.gross == Cents(-3_015) }
        #expect(credits.count == 1 && credits.first?.credits == "Creditfactuur voor factuur \(original.number)", "\(credited)")
        #expect(credits.first?.reference == original.reference, "\(credited)")

        let reconciled = try reconcile(setup)
        #expect(reconciled.status == 0, "\(reconciled.output) \(reconciled.errors)")
        #expect(reconciled.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(reconciled.output)")
        #expect(reconciled.output.contains("(verschil € 0,00)"), "\(reconciled.output)")
        setup.expectNoTokenPrinted()
        #expect(!setup.printed.contains(FactuursturenSandboxProcess.apiKey))
    }

    @Test func theWorkerFetchesAndBooksAndAsksTheShopAtMostOnceAMinute() throws {
        let shop = try MijnwebwinkelShopSandbox()
        let ledger = try LedgerSandbox()
        try Self.addOrders(shop)
        let setup = try Setup(shop: shop)
        try setup.addConnection(ledger: "moneybird")
        let connected = try setup.koppel(
            ["ledger", "connect", setup.license, "--base-url", ledger.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n")
        #expect(connected.status == 0, "\(connected.errors)")
        #expect(try setup.koppel(["ledger", "map", setup.license]).status == 0)
        try shop.sandbox("POST", "/stats/reset")

        let worker = Process()
        worker.executableURL = Stack.binaries.appendingPathComponent("koppel")
        worker.arguments = ["sync", "--follow", "1"]
        worker.environment = ProcessInfo.processInfo.environment.merging(setup.environment) { _, new in new }
        worker.standardOutput = FileHandle.nullDevice
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        defer {
            worker.terminate()
            worker.waitUntilExit()
        }
        let booked = try eventually("three invoices") {
            let invoices = try Self.invoices(ledger)
            return (invoices.count == 3 ? invoices : nil, last: "\(invoices)")
        }
        #expect(booked.count == 3)
        // A pass a second, a fetch a minute: after three more passes the shop was still asked once.
        let passesLater = Date().addingTimeInterval(3)
        while Date() < passesLater { usleep(200_000) }
        let requests = try shop.requests()
        #expect(requests["GET /store"] == 1, "\(requests)")
        #expect(worker.isRunning)
    }

    @Test func aShopThatFailsIsRecordedPerConnectionAndA429IsWaitedOut() throws {
        let shop = try MijnwebwinkelShopSandbox()
        try Self.addOrders(shop)
        let setup = try Setup(shop: shop)

        // A wrong store token: refused before any connection is made, the token not shown.
        let wrong = setup.folder.appendingPathComponent("wrong.token")
        let partner = setup.folder.appendingPathComponent("partner.token")
        try Data("store-wrong-91c2e7\n".utf8).write(to: wrong)
        try Data(MijnwebwinkelShopSandbox.partnerToken.utf8).write(to: partner)
        let refused = try setup.koppel([
            "connection", "add", "--name", "Verkeerd", "--shop", "mijnwebwinkel", "--ledger", "moneybird",
            "--store-token-file", wrong.path, "--partner-token-file", partner.path, "--shop-url", shop.baseURL,
        ])
        #expect(refused.status != 0)
        #expect(!refused.errors.contains("store-wrong-91c2e7") && !refused.errors.isEmpty, "\(refused.errors)")
        #expect(!(try setup.koppel(["connection", "list"]).output.contains("Verkeerd")))

        try setup.addConnection(ledger: "moneybird")

        // Five answers 500: the fetch fails, is recorded, and stores nothing.
        try shop.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /orders", "fault": "error", "count": 5}]}"#)
        let failed = try setup.koppel(["fetch"])
        #expect(failed.status != 0)
        #expect(failed.errors.contains("fetch failed"), "\(failed.errors)")
        let list = try setup.koppel(["connection", "list"])
        #expect(list.output.contains("fetch failed"), "\(list.output)")
        try shop.sandbox("POST", "/faults", json: #"{"rules": []}"#)

        // One 429 with Retry-After 1: waited out, the fetch goes on and stores every order.
        try shop.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /orders", "fault": "rate_limit", "count": 1, "retry_after_s": 1}]}"#)
        let waited = try setup.koppel(["fetch"])
        #expect(waited.status == 0, "\(waited.errors)")
        #expect(waited.output.contains("fetched 4 orders, 4 new or changed"), "\(waited.output)")
        let after = try setup.koppel(["connection", "list"])
        #expect(!after.output.contains("fetch failed"), "a fetch that went well clears the failure: \(after.output)")
        setup.expectNoTokenPrinted()
    }
}

/// What fetching costs the shop: requests per 100 orders and orders per minute on a first fetch of
/// 1,000 orders, and on a fetch of 100 status changes. Printed for docs/benchmarks.md.
@Suite(.serialized)
struct MijnwebwinkelFetchFigures {
    @Test func aThousandOrdersTakeAFewRequestsPerHundred() throws {
        let shop = try MijnwebwinkelShopSandbox(arguments: ["--orders", "1000"])
        let setup = try MijnwebwinkelEndToEndTests.Setup(shop: shop)
        try setup.addConnection(ledger: "moneybird")
        try shop.sandbox("POST", "/stats/reset")

        let started = Date()
        let first = try setup.koppel(["fetch"])
        let seconds = Date().timeIntervalSince(started)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("fetched 1000 orders, 1000 new or changed"), "\(first.output)")
        let firstStats = try shop.requests()
        let firstRequests = firstStats.values.reduce(0, +)
        // 10 pages of 100 orders and a short one, the store, its statuses and payment methods.
        #expect(firstRequests <= 15, "\(firstStats)")

        // A status change is later than the cursor (the generated orders' own second, now): stamped ahead.
        try shop.sandbox("POST", "/stats/reset")
        for number in 1_001...1_100 { try shop.changeStatus(number, to: 2, at: "2027-01-05 10:00:00") }
        let changed = try setup.koppel(["fetch"])
        #expect(changed.output.contains("fetched 100 orders, 100 new or changed"), "\(changed.output)")
        let changedStats = try shop.requests()
        let changedRequests = changedStats.values.reduce(0, +)
        // The cursor's own second is read again (its start is inclusive): the 900 orders still at it come
        // along and are left out, 10 pages.
        #expect(changedRequests <= 15, "\(changedStats)")

        try shop.sandbox("POST", "/stats/reset")
        let idle = try setup.koppel(["fetch"])
        #expect(idle.output.contains("fetched 0 orders, 0 new or changed"), "\(idle.output)")
        let idleStats = try shop.requests()
        let idleRequests = idleStats.values.reduce(0, +)
        #expect(idleRequests <= 8, "\(idleStats)")

        print(String(
            format: "figures: first fetch of 1000 orders: %d shop requests (%.1f per 100 orders), %.2f s (%.0f orders/min); "
                + "100 status changes: %d requests; nothing new: %d requests", firstRequests, Double(firstRequests) / 10, seconds,
            1000 / seconds * 60, changedRequests, idleRequests))
    }
}
