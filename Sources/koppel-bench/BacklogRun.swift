import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import LedgerProviders
import Logging
import OpenCart
import Synchronization

/// The shop's settings for a connection `koppel ledger map` is to map: stored as a push would.
struct BacklogSettings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backlog-settings", abstract: "Store the shop's settings of a connection (before `koppel ledger map`).")

    @Option var database: String
    @Option var license: String
    @Option var settings: String

    func run() throws {
        let store = try KoppelDatabase(path: database)
        guard let connection = try store.connection(license: license) else { throw ValidationError("no connection \(license)") }
        let shopSettings = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: URL(fileURLWithPath: settings))).shopSettings()
        _ = try store.storeSettings(
            canonicalJSON: try shopSettings.canonicalJSON(), connectionID: connection.id,
            signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 0), now: Int64(Date().timeIntervalSince1970))
    }
}

/// A backlog booked at the ledger's limit: ORDERS orders of new customers stored at once into a
/// connection set up through the command line, booked by the booking job with the sandbox's
/// scaled limit as its budget, while the backlog estimate (`WaitingEstimate`, at the same limit)
/// is read as the dashboard reads it. Prints the requests per order, the pace against the limit
/// and how far the estimate read at 10 % and 50 % of the backlog was from the actual finish.
struct BacklogRun: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backlog", abstract: "Backlog benchmark: pace and estimate.")

    @Option var database: String
    @Option(name: .customLong("master-key")) var masterKey: String
    @Option var license: String
    @Option(help: "The sandbox's address, for its request count (/sandbox/stats).") var sandbox: String
    @Option(help: "The sandbox's requests per window.") var limit: Int
    @Option(help: "The sandbox's window, seconds.") var window: Int64
    @Option var fixture: String
    @Option var orders = 300

    func run() throws {
        CurlHTTPClient.globalInit()
        let store = try KoppelDatabase(path: database)
        guard let connection = try store.connection(license: license) else { throw ValidationError("no connection \(license)") }
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: masterKey, in: store))
        let nominal = try LedgerProviders.provider(for: connection.ledger).ratePolicy.requestsPerOrder
        let policy = LedgerRatePolicy(limit: limit, windowSeconds: window, headers: [], requestsPerOrder: nominal)
        let clock = { Int64(Date().timeIntervalSince1970) }

        let template = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: URL(fileURLWithPath: fixture))).pushedOrder()
        let incoming = try (1...orders).map { index -> IncomingOrder in
            var order = template
            order.orderID = Int64(700_000 + index)
            order.customer.email = "backlog\(index)@example.nl"
            return try order.incoming()
        }
        _ = try store.storeOrders(
            incoming, connectionID: connection.id, signature: AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 0),
            now: clock())
        let requestsBefore = try sandboxRequests()

        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let job = BookingJob(
            database: store,
            ledgers: LedgerFactory(database: store, sealer: sealer, budgets: RateBudgets(limit: limit, windowSeconds: window)),
            logger: logger, clock: clock)
        // The job books on a thread of its own (runs until nothing waits, as the worker would);
        // this thread reads the estimate meanwhile.
        let finished = Mutex<(at: Double, error: String?)?>(nil)
        let runner = JobRunner(job: job, connection: connection)
        let started = Date().timeIntervalSince1970
        let thread = Thread {
            var failure: String?
            do {
                for _ in 0..<50 {
                    let report = try runner.job.run(runner.connection)
                    if report.waiting == 0 { break }
                }
            } catch {
                failure = "\(error)"
            }
            finished.withLock { $0 = (Date().timeIntervalSince1970, failure) }
        }
        thread.start()

        var readings: [(share: Int, at: Double, estimate: BacklogEstimate)] = []
        while finished.withLock({ $0 }) == nil {
            let booked = try store.orders(license: license, state: .booked, limit: 1_000_000).count
            if let share = [10, 50].first(where: { share in
                booked * 100 >= share * orders && !readings.contains { $0.share == share }
            }) {
                let now = Date().timeIntervalSince1970
                let found = try WaitingEstimate.of(connectionID: connection.id, ledger: connection.ledger, in: store, now: Int64(now), policy: policy)
                if let estimate = found.estimate { readings.append((share, now, estimate)) }
            }
            usleep(100_000)
        }
        guard let (end, failure) = finished.withLock({ $0 }) else { return }
        if let failure { throw ValidationError("the booking job failed: \(failure)") }

        let requests = try sandboxRequests() - requestsBefore
        let booked = try store.orders(license: license, state: .booked, limit: 1_000_000).count
        let failed = try store.orders(license: license, state: .error, limit: 1_000_000).count
        let elapsed = end - started
        // The least time the limit allows: a full window for every `limit` requests before the last window.
        let least = Double((requests + limit - 1) / limit - 1) * Double(window)
        print("backlog: \(orders) orders, \(booked) booked, \(failed) failed, \(requests) ledger requests in \(String(format: "%.1f", elapsed)) s")
        print("requests per order: \(String(format: "%.2f", Double(requests) / Double(max(1, booked)))) (nominal \(nominal))")
        let perWindow = Double(requests) / (elapsed / Double(window))
        print("pace: \(String(format: "%.2f", perWindow)) requests per \(window) s against a limit of \(limit): "
            + "\(String(format: "%.1f", 100 * perWindow / Double(limit))) % (the least possible time \(String(format: "%.0f", least)) s "
            + "over the time taken: \(String(format: "%.1f", 100 * least / elapsed)) %)")
        for reading in readings {
            let estimated = Double(reading.estimate.lastBookedAt ?? 0)
            let remaining = end - reading.at
            let error = 100 * (estimated - end) / remaining
            print("estimate at \(reading.share) %: \(reading.estimate.waiting) waiting at \(String(format: "%.2f", reading.estimate.requestsPerOrder)) "
                + "requests an order (measured over \(reading.estimate.measuredOrders)), last booked in \(String(format: "%.0f", estimated - reading.at)) s; "
                + "actually \(String(format: "%.1f", remaining)) s: error \(String(format: "%+.1f", error)) %")
        }
    }

    func sandboxRequests() throws -> Int {
        let response = try CurlHTTPClient().perform(HTTPRequest(url: sandbox + "/sandbox/stats"))
        guard let total = (try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["total"] as? Int else {
            throw ValidationError("the sandbox's /sandbox/stats has no total: \(String(decoding: response.body, as: UTF8.self))")
        }
        return total
    }
}

/// The job and its connection, handed to the booking thread: used there only, while this thread
/// reads the database.
final class JobRunner: @unchecked Sendable {
    let job: BookingJob
    let connection: Connection

    init(job: BookingJob, connection: Connection) {
        self.job = job
        self.connection = connection
    }
}
