import Booking
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import Logging
import Moneybird
import OpenCart
import Testing

/// The booking job end to end: orders stored as pushes deliver them, booked through the Moneybird
/// adapter into koppel-sandbox over HTTP, each exactly once.
@Suite(.serialized)
struct BookingJobTests {
    final class Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("booking-job-\(UUID().uuidString)")
        let sandbox: SandboxServer
        let database: KoppelDatabase
        let connection: Connection
        let sealer: SecretSealer
        let job: BookingJob

        /// - Parameter bareReferences: a connection from before reference prefixes, booking under
        ///   bare order numbers.
        init(sandboxArguments: [String] = [], bareReferences: Bool = false) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            sandbox = try SandboxServer(sandboxArguments)
            database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
            var added = try database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
            if bareReferences {
                try database.pool.write { db in
                    try db.execute(sql: "UPDATE connection SET reference_prefix = '' WHERE id = ?", arguments: [added.id])
                }
                added = try #require(try database.connection(license: added.licenseKey))
            }
            connection = added
            sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: folder.appendingPathComponent("master.key").path, in: database))
            _ = try database.setAPIKey("Shop!Key#For(Tests)=1", license: connection.licenseKey, sealer: sealer, now: 1)
            let settings = try JSONDecoder().decode(
                SettingsRows.self, from: Data(contentsOf: MoneybirdLedgerTests.fixtures.appendingPathComponent("opencart3-settings.json")))
            _ = try database.storeSettings(
                canonicalJSON: try settings.shopSettings().canonicalJSON(), connectionID: connection.id,
                signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9), now: 1)

            // Ledger access and a mapping onto the sandbox's rates, as `koppel ledger connect` and `map` store them.
            let access = MoneybirdAccess(baseURL: sandbox.baseURL, administrationID: SandboxServer.administration, accessToken: SandboxServer.token)
            let reference = try MoneybirdLedger(access: access, settings: MoneybirdSettings(), budget: RateBudget(limit: 1000, windowSeconds: 300))
                .referenceData()
            func code(_ percentage: Double) -> String { reference.vatCodes.first { Double($0.detail) == percentage }!.id }
            let revenue = reference.revenueAccounts[0].id
            var mapping = VATMapping.defaults(shopCountry: "NL")
            for (points, percentage) in [(2100, 21.0), (900, 9.0), (0, 0.0)] {
                mapping.set(.country("NL"), basisPoints: points, vatCode: code(percentage), revenueAccount: revenue)
            }
            mapping.accounts.rounding = revenue
            try database.setBookingConfiguration(
                BookingConfiguration(bookedStatusIDs: [2, 3, 5], vatMapping: mapping), connectionID: connection.id, now: 1)
            let tokens = try JSONEncoder().encode(MoneybirdOAuth.Tokens(accessToken: SandboxServer.token, refreshToken: nil, expiresAt: nil))
            let settingsJSON = String(decoding: try JSONEncoder().encode(MoneybirdSettings(noVATCode: code(0))), as: UTF8.self)
            try database.setLedgerAccess(
                connection: connection, baseURL: sandbox.baseURL, administrationID: SandboxServer.administration, tokensJSON: tokens,
                settingsJSON: settingsJSON, sealer: sealer, now: 1)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            job = BookingJob(
                database: database, ledgers: LedgerFactory(database: database, sealer: sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
                logger: logger, clock: { Int64(Date().timeIntervalSince1970) })
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        var databasePath: String { folder.appendingPathComponent("koppel.sqlite").path }
        var masterKeyPath: String { folder.appendingPathComponent("master.key").path }

        /// Every invoice reference the sandbox holds, read page by page (one entry per invoice).
        func allInvoiceReferences() throws -> [String] {
            try LedgerReadBack(sandbox: sandbox).invoices().map(\.reference)
        }

        /// Stores OpenCart 3 order `number` as a push would, with another id and status if asked.
        func push(_ number: Int, id: Int64? = nil, status: Int64? = nil, email: String? = nil, to other: Connection? = nil) throws {
            let rows = try JSONDecoder().decode(
                OrderRows.self, from: Data(contentsOf: MoneybirdLedgerTests.fixtures.appendingPathComponent("opencart3-order-\(number).json")))
            var order = try rows.pushedOrder()
            if let id { order.orderID = id }
            if let status { order.orderStatusID = status }
            if let email { order.customer.email = email }
            _ = try database.storeOrders(
                [try order.incoming()], connectionID: (other ?? connection).id,
                signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9), now: 1)
        }

        /// The ledger reference of shop order `number` under this connection's prefix.
        func reference(_ number: Int64) -> String {
            connection.bookingReference.reference(orderID: number, storeID: 0)
        }

        func invoices(order number: Int64) throws -> Int {
            try invoices(reference: reference(number))
        }

        func invoices(reference: String) throws -> Int {
            let response = try sandbox.get("sales_invoices.json?filter=reference:\(reference),state:all&per_page=100")
            guard response.status == 200, let list = try JSONSerialization.jsonObject(with: response.body) as? [Any] else {
                throw ReadBackError("invoices of \(reference): \(response.status) \(response.text)")
            }
            return list.count
        }

        func state(ofShopOrder shopOrderID: Int64) throws -> OrderState? {
            try database.orders(license: connection.licenseKey).first { $0.orderReference == String(shopOrderID) }?.state
        }
    }

    @Test func booksBookableOrdersOnceAndLeavesTheRestOpenOrInError() throws {
        let setup = try Setup()
        for number in 1...4 { try setup.push(number) }
        let first = try setup.job.run(setup.connection)
        #expect(first.examined == 4)
        #expect(first.booked == 2)
        #expect(first.open == 1)  // order 4 is Pending
        #expect(first.errors == 1)  // order 2 was paid in GBP
        #expect(try setup.state(ofShopOrder: 1) == .booked)
        #expect(try setup.state(ofShopOrder: 2) == .error)
        #expect(try setup.invoices(order: 1) == 1)
        #expect(try setup.invoices(order: 3) == 1)

        // Nothing changed: nothing happens. A status change books order 4.
        #expect(try setup.job.run(setup.connection) == BookingJob.Report())
        try setup.push(4, status: 2)
        let second = try setup.job.run(setup.connection)
        #expect(second.booked == 1)
        #expect(try setup.invoices(order: 4) == 1)
        #expect(try setup.invoices(order: 1) == 1)
    }

    @Test func aPaymentMethodWithAFixedDebtorBooksOnIt() throws {
        let setup = try Setup()
        // A contact made in Moneybird for cash-on-delivery sales.
        let response = try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: setup.sandbox.baseURL + "/api/v2/\(SandboxServer.administration)/contacts.json",
            headers: [("Authorization", "Bearer \(SandboxServer.token)"), ("Content-Type", "application/json")],
            body: Data(#"{"contact": {"company_name": "Rembours klanten"}}"#.utf8)))
        let debtor = try #require((try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["id"] as? String)
        var configuration = try setup.database.bookingConfiguration(connectionID: setup.connection.id)
        configuration.fixedDebtors["cod"] = debtor
        try setup.database.setBookingConfiguration(configuration, connectionID: setup.connection.id, now: 3)

        try setup.push(3)
        #expect(try setup.job.run(setup.connection).booked == 1)
        let invoices = try JSONSerialization.jsonObject(
            with: try setup.sandbox.get("sales_invoices.json?filter=reference:\(setup.reference(3)),state:all").body) as? [[String: Any]]
        #expect(invoices?.first?["contact_id"] as? String == debtor)
        let contacts = try JSONSerialization.jsonObject(with: try setup.sandbox.get("contacts.json").body) as? [[String: Any]]
        #expect(contacts?.count == 1)  // no contact made for the customer
    }

    @Test func anAttemptInterruptedAfterTheLedgerActedIsFoundNotBookedAgain() throws {
        let setup = try Setup()
        try setup.push(1)
        _ = try setup.job.run(setup.connection)
        let order = try #require(try setup.database.orders(license: setup.connection.licenseKey).first)
        // As if the process died after Moneybird created the invoice, before koppel stored that.
        try setup.database.saveFlow(
            orderID: order.id, BookingFlow(phase: .working(.perform(.create)), trail: LedgerTrail(inDoubt: .create)), detail: "test: crash",
            now: 2)
        let report = try setup.job.run(setup.connection)
        #expect(report.booked == 1)
        #expect(try setup.invoices(order: 1) == 1)
        let events = try setup.database.bookingEvents(orderID: order.id).map(\.detail)
        #expect(events.contains { $0.hasPrefix("found in the ledger as") })
    }

    @Test func timeoutsAndARateLimitStormStillBookEveryOrderOnce() throws {
        // 30 requests per 2 s window: far less than the backlog needs, so the budget must pace it.
        let setup = try Setup(sandboxArguments: ["--rate-limit", "30", "--rate-window", "2"])
        for id in 1...30 { try setup.push(3, id: Int64(id)) }
        // One request in ten is held past the client's timeout (nothing stored). The timeout is 5 s, not
        // less: on a machine busy with builds an ordinary request took over 2 s and timed out too.
        try setup.sandbox.faults(#"{"timeout_rate": 0.1, "timeout_hold_ms": 7000}"#)
        var now = Int64(Date().timeIntervalSince1970)
        // Bounded by time, not by a count of runs: a run the rate limit ends at once makes no
        // progress, and on a busy machine 60 such runs once passed in 20 s without the backlog
        // done. Alone the test takes about 45 s.
        let deadline = Date().addingTimeInterval(240)
        while try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count < 30, Date() < deadline {
            now = max(now + 400, Int64(Date().timeIntervalSince1970))
            let clock = now
            let job = BookingJob(
                database: setup.database,
                ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, requestTimeout: 5),
                logger: Logger(label: "test"), clock: { max(clock, Int64(Date().timeIntervalSince1970)) })
            _ = try job.run(setup.connection)
        }
        try setup.sandbox.faults(#"{"timeout_rate": 0}"#)
        #expect(try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count == 30)
        #expect(try setup.database.orders(license: setup.connection.licenseKey, state: .error).isEmpty)
        let invoices = try LedgerReadBack(sandbox: setup.sandbox).invoices()
        #expect(invoices.count == 30 && Set(invoices.map(\.reference)).count == 30)
        #expect(invoices.allSatisfy { $0.state == "paid" && $0.payments == [$0.total] })
    }

    @Test func serverErrorsAreRetriedUntilEveryOrderIsBookedOnce() throws {
        // Retries take many requests: the sandbox's rate limit is not what this test is about.
        let setup = try Setup(sandboxArguments: ["--rate-limit", "100000"])
        for id in 1...20 { try setup.push(1, id: Int64(id)) }
        try setup.sandbox.faults(#"{"error_rate": 0.3}"#)
        var now = Int64(Date().timeIntervalSince1970)
        var runs = 0
        while try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count < 20, runs < 40 {
            // Time moves on between runs, so that waiting orders come due.
            now += 4000
            let clock = now
            let job = BookingJob(
                database: setup.database, ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
                logger: Logger(label: "test"), clock: { clock })
            _ = try job.run(setup.connection)
            runs += 1
        }
        try setup.sandbox.faults(#"{"error_rate": 0}"#)
        #expect(try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count == 20)
        for id in 1...20 { #expect(try setup.invoices(order: Int64(id)) == 1, "order \(id)") }
    }
}
