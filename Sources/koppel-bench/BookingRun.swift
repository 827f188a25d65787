import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import Logging
import Moneybird
import OpenCart

/// Books a backlog of paid orders into a running koppel-sandbox and reports the ledger requests
/// per order (new customers, then returning ones) and the pace against the sandbox's rate limit.
struct BookingRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "booking", abstract: "Booking benchmark against koppel-sandbox.")

    @Option var sandbox: String
    @Option var token: String
    @Option var administration: String
    @Option(help: "The sandbox's requests per window.") var limit: Int
    @Option(help: "The sandbox's window, seconds.") var window: Double
    @Option var fixture: String
    @Option var settings: String
    @Option(help: "Customers: each books one order as new and one as returning.") var customers = 100

    func run() throws {
        CurlHTTPClient.globalInit()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-bench-booking-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try KoppelDatabase(path: folder.appendingPathComponent("koppel.sqlite").path)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: folder.appendingPathComponent("master.key").path, in: database))
        let connection = try database.addConnection(name: "Bench", shop: .opencart, ledger: .moneybird, now: 1)
        let now = { Int64(Date().timeIntervalSince1970) }

        let shopSettings = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: URL(fileURLWithPath: settings))).shopSettings()
        _ = try database.storeSettings(
            canonicalJSON: try shopSettings.canonicalJSON(), connectionID: connection.id,
            signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 0), now: now())

        let access = MoneybirdAccess(baseURL: sandbox, administrationID: administration, accessToken: token)
        let probe = try MoneybirdLedger(access: access, settings: MoneybirdSettings(), budget: RateBudget(limit: limit, windowSeconds: Int64(window)))
        guard let automatic = AutomaticMapping(from: try probe.referenceData()) else { throw ValidationError("no revenue account") }
        try database.setBookingConfiguration(
            BookingConfiguration(bookedStatusIDs: [2, 3, 5], vatMapping: automatic.mapping), connectionID: connection.id, now: now())
        try database.setLedgerAccess(
            connection: connection, baseURL: sandbox, administrationID: administration,
            tokensJSON: try JSONEncoder().encode(MoneybirdOAuth.Tokens(accessToken: token, refreshToken: nil, expiresAt: nil)),
            settingsJSON: String(decoding: try JSONEncoder().encode(MoneybirdSettings(noVATCode: automatic.zeroRateCode)), as: UTF8.self),
            sealer: sealer, now: now())

        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let job = BookingJob(
            database: database,
            ledgers: LedgerFactory(database: database, sealer: sealer, budgets: RateBudgets(limit: limit, windowSeconds: Int64(window))),
            logger: logger, clock: now)
        let template = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: URL(fileURLWithPath: fixture))).pushedOrder()

        func store(_ ids: Range<Int>, customerOffset: Int) throws {
            let orders = try ids.map { id -> IncomingOrder in
                var order = template
                order.orderID = Int64(id)
                order.customer.email = "customer\(id - customerOffset)@example.nl"
                return try order.incoming()
            }
            _ = try database.storeOrders(
                orders, connectionID: connection.id, signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 0),
                now: now())
        }
        func sandboxRequests() throws -> Int {
            let response = try CurlHTTPClient().perform(HTTPRequest(url: sandbox + "/sandbox/stats"))
            return (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["total"] as? Int ?? -1
        }

        let started = Date()
        var results: [(String, Int, Double)] = []
        for (label, range, offset) in [("new customers", 1..<(customers + 1), 0), ("returning customers", (customers + 1)..<(2 * customers + 1), customers)] {
            try store(range, customerOffset: offset)
            let before = try sandboxRequests()
            var report = try job.run(connection)
            var runs = 1
            while report.booked + report.errors < range.count, report.waiting > 0, runs < 20 {
                report = try job.run(connection)
                runs += 1
            }
            let requests = try sandboxRequests() - before
            results.append((label, requests, Double(requests) / Double(range.count)))
        }
        let elapsed = Date().timeIntervalSince(started)
        let booked = try database.orders(license: connection.licenseKey, state: .booked, limit: 1_000_000).count
        let failed = try database.orders(license: connection.licenseKey, state: .error, limit: 1_000_000).count
        let total = results.map(\.1).reduce(0, +)
        for (label, requests, perOrder) in results {
            print("\(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(requests) ledger requests, \(String(format: "%.2f", perOrder)) per paid order")
        }
        let allowed = Double(limit) / window
        let achieved = Double(total) / elapsed
        print("backlog: \(2 * customers) paid orders, \(booked) booked, \(failed) failed, \(total) requests in \(String(format: "%.1f", elapsed)) s")
        print("pace: \(String(format: "%.2f", achieved)) requests/s against a limit of \(String(format: "%.2f", allowed))/s: \(String(format: "%.1f", 100 * achieved / allowed))% of the rate limit")
    }
}
