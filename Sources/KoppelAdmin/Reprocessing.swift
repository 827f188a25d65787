import Booking
import Foundation
import KoppelCore
import KoppelStore
import Logging

/// "Opnieuw verwerken": an order in error is booked again now, looked up in the ledger first.
/// `koppel reprocess` and the dashboard both go through here.
public struct Reprocessing {
    public struct Outcome: Sendable {
        /// What the booking run of the order's connection did.
        public var run: String
        /// The order's state after the run.
        public var state: OrderState
    }

    let database: KoppelDatabase
    let masterKeyPath: String
    let logger: Logger

    public init(database: KoppelDatabase, masterKeyPath: String, logger: Logger) {
        self.database = database
        self.masterKeyPath = masterKeyPath
        self.logger = logger
    }

    /// Marks the order to be looked up and booked, then runs its connection's booking job.
    /// - Throws: `AdminError` when there is no such order or nothing to reprocess.
    public func reprocess(orderID: Int64, now: Int64) throws -> Outcome {
        guard let (summary, _) = try database.order(id: orderID) else { throw AdminError.noOrder(orderID) }
        var flow: BookingFlow
        do {
            flow = try database.orderFlow(id: orderID) ?? BookingFlow()
        } catch {
            flow = .unreadable("\(error)")
        }
        let before = flow
        // A booked order whose booking the reconciler found deleted from the ledger may be booked
        // again; it is looked up by reference first, so a booking that is there after all is kept.
        let documentLost = summary.state == .booked && (summary.ledgerMismatch ?? "").contains("missing booking")
        _ = flow.handle(.reprocess(now: now, documentLost: documentLost))
        guard flow != before else { throw AdminError.nothingToReprocess(orderID, state: summary.state.rawValue) }
        // Stored as a look-up under way: the run below asks the ledger, then makes what is missing.
        try database.saveFlow(orderID: orderID, flow, detail: "reprocess asked", now: now)
        guard let connection = try database.connection(license: summary.licenseKey) else {
            throw AdminError.unknownConnection(summary.licenseKey)
        }
        let report = try job().run(connection)
        let state = try database.order(id: orderID)?.summary.state ?? summary.state
        return Outcome(run: "\(connection.name): \(report)", state: state)
    }

    /// The booking job over the store's ledgers, as `koppel sync` makes it.
    public func job() throws -> BookingJob {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        let ledgers = LedgerFactory(
            database: database, sealer: sealer, moneybirdClient: try MoneybirdClientEnvironment.client())
        return BookingJob(
            database: database, ledgers: ledgers, logger: logger, clock: { Int64(Date().timeIntervalSince1970) })
    }
}
