import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging

/// `koppel sync` (hourly), `koppel recheck` (nightly) and `koppel reprocess ORDER`.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Book what is bookable: changed orders are examined, queued ones booked.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?
    @Flag(help: "Examine every order not booked yet, not only the changed ones (the nightly recheck).") var all = false

    func run() throws {
        let database = try store.open()
        let job = try LedgerSetup.job(database: database, store: store)
        let connections = try database.connections().filter { connection == nil || $0.licenseKey == connection }
        guard !connections.isEmpty else { throw ValidationError("no such connection") }
        for connection in connections where connection.sealedAPIKey != nil {
            let report = try job.run(connection, recheckAll: all)
            print("\(connection.name) (\(connection.licenseKey)): \(report)")
        }
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
        guard flow.state != state else { throw ValidationError("order \(id) is \(summary.state.rawValue): nothing to reprocess") }
        // Back to waiting-and-due: the sync below looks it up, then books it if the ledger has none.
        try database.saveFlow(orderID: id, .waiting(attempt: 0, notBefore: unixNow(), uncertain: true, lastFailure: "reprocess"), detail: "reprocess asked", now: unixNow())
        let job = try LedgerSetup.job(database: database, store: store)
        guard let connection = try database.connection(license: summary.licenseKey) else { return }
        print("\(connection.name): \(try job.run(connection))")
        print("order \(id) is now \(try database.order(id: id)?.summary.state.rawValue ?? "?")")
    }
}

enum LedgerSetup {
    static func job(database: KoppelDatabase, store: StoreOptions) throws -> BookingJob {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        return BookingJob(database: database, ledgers: LedgerFactory(database: database, sealer: sealer), logger: logger, clock: unixNow)
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
