import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `koppel sync` (hourly), `koppel recheck` (nightly) and `koppel reprocess ORDER`.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Book what is bookable: changed orders are examined, queued ones booked.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?
    @Flag(help: "Examine every order not booked yet, not only the changed ones (the nightly recheck).") var all = false
    @Option(help: "Keep running, looking for pushed orders every this many seconds (the booking worker).")
    var follow: UInt32?

    func run() throws {
        let database = try store.open()
        let job = try LedgerSetup.job(database: database, store: store)
        guard let follow else {
            for (connection, report) in try runOnce(job, database) { print("\(connection.name) (\(connection.licenseKey)): \(report)") }
            return
        }
        // The worker books pushed orders within seconds; the hourly sync stays as the safety net.
        // Stopping it at any moment is safe: the next run looks up what may have reached the ledger,
        // so SIGTERM may end it where it stands, even if whoever started it had the signal blocked.
        unblockTermination()
        while true {
            for (connection, report) in try runOnce(job, database) where report != BookingJob.Report() {
                print("\(connection.name) (\(connection.licenseKey)): \(report)")
            }
            sleep(max(1, follow))
        }
    }

    private func runOnce(_ job: BookingJob, _ database: KoppelDatabase) throws -> [(Connection, BookingJob.Report)] {
        let connections = try database.connections().filter { connection == nil || $0.licenseKey == connection }
        guard !connections.isEmpty else { throw ValidationError("no such connection") }
        return try connections.filter { $0.sealedAPIKey != nil }.map { ($0, try job.run($0, recheckAll: all)) }
    }
}

struct RecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recheck", abstract: "Examine every order not booked yet again (nightly), then book what became bookable.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?

    func run() throws {
        var sync = try SyncCommand.parse(["--all"] + (connection.map { ["--connection", $0] } ?? []))
        sync.store = store
        try sync.run()
    }
}

struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess", abstract: "Book an order in error again now (it is looked up in the ledger first).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The order's koppel id (first column of `koppel orders list`).") var id: Int64

    func run() throws {
        let database = try store.open()
        guard let state = try database.orderState(id: id), let (summary, _) = try database.order(id: id) else {
            throw ValidationError("no order with id \(id)")
        }
        var flow = BookingFlow(state: state)
        _ = flow.handle(.reprocess(now: unixNow()))
        // A booked order whose booking the reconciler found deleted from the ledger may be booked
        // again; it is looked up by reference first, so a booking that is there after all is kept.
        let deletedInLedger = summary.state == .booked && (summary.ledgerMismatch ?? "").contains("missing booking")
        guard flow.state != state || deletedInLedger else {
            throw ValidationError("order \(id) is \(summary.state.rawValue): nothing to reprocess")
        }
        // Back to waiting-and-due: the sync below looks it up, then books it if the ledger has none.
        try database.saveFlow(orderID: id, .waiting(attempt: 0, notBefore: unixNow(), uncertain: true, lastFailure: "reprocess"), detail: "reprocess asked", now: unixNow())
        let job = try LedgerSetup.job(database: database, store: store)
        guard let connection = try database.connection(license: summary.licenseKey) else { return }
        print("\(connection.name): \(try job.run(connection))")
        print("order \(id) is now \(try database.order(id: id)?.summary.state.rawValue ?? "?")")
    }
}

/// Lets SIGTERM and SIGINT end the process: a blocked mask is inherited from the parent.
private func unblockTermination() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

enum LedgerSetup {
    static func job(database: KoppelDatabase, store: StoreOptions) throws -> BookingJob {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        let ledgers = LedgerFactory(database: database, sealer: sealer, moneybirdClient: try MoneybirdClientConfiguration.fromEnvironment())
        return BookingJob(database: database, ledgers: ledgers, logger: logger, clock: unixNow)
    }

    static func ledger(for connection: Connection, database: KoppelDatabase, sealer: SecretSealer) throws -> any Ledger {
        try LedgerFactory(database: database, sealer: sealer).ledger(for: connection)
    }
}

extension StoreOptions {
    func connection(_ license: String, in database: KoppelDatabase) throws -> Connection {
        guard let connection = try database.connection(license: license) else {
            throw ValidationError("no connection has license \(license)")
        }
        return connection
    }
}
