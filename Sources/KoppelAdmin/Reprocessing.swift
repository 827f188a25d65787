import Booking
import Foundation
import KoppelCore
import KoppelStore
import LedgerProviders
import Logging

/// "Opnieuw verwerken": an order in error is booked again, looked up in the ledger first.
/// `koppel reprocess` books it at once; the dashboard queues it, and the booking worker
/// (`koppel sync --follow`) takes the queue first in each pass. Both book through `reprocess`.
public struct Reprocessing {
    public struct Outcome: Sendable {
        /// What the booking run of the order's connection did.
        public var run: String
        /// The order's state after the run.
        public var state: OrderState
        /// Another run of the connection held its lock: that run books the order, marked due.
        public var lockedOut: Bool
    }

    let database: KoppelDatabase
    let masterKeyPath: String
    let logger: Logger

    public init(database: KoppelDatabase, masterKeyPath: String, logger: Logger) {
        self.database = database
        self.masterKeyPath = masterKeyPath
        self.logger = logger
    }

    /// Marks the order to be looked up and booked, then runs its connection's booking job on it.
    /// - Throws: `AdminError` when there is no such order or nothing to reprocess.
    public func reprocess(orderID: Int64, now: Int64, job: BookingJob? = nil) throws -> Outcome {
        guard let (summary, _) = try database.order(id: orderID) else { throw AdminError.noOrder(orderID) }
        guard let connection = try database.connection(license: summary.licenseKey) else {
            throw AdminError.unknownConnection(summary.licenseKey)
        }
        try markForLookUp(summary, now: now)
        return try book(orderID, of: connection, job: job ?? self.job(), before: summary.state)
    }

    private func book(_ orderID: Int64, of connection: Connection, job: BookingJob, before: OrderState) throws -> Outcome {
        let report = try job.run(connection, only: [orderID])
        let state = try database.order(id: orderID)?.summary.state ?? before
        return Outcome(run: "\(connection.name): \(report)", state: state, lockedOut: report.lockedOut)
    }

    /// Whether an order is among the errors, so that reprocessing it can change anything.
    public static func canReprocess(_ summary: OrderSummary) -> Bool {
        summary.state == .error || summary.ledgerMismatch != nil
    }

    private func markForLookUp(_ summary: OrderSummary, now: Int64) throws {
        var flow: BookingFlow
        do {
            flow = try database.orderFlow(id: summary.id) ?? BookingFlow()
        } catch {
            flow = .unreadable("\(error)")
        }
        let before = flow
        // A booked order whose booking the reconciler found deleted from the ledger may be booked
        // again; it is looked up by reference first, so a booking that is there after all is kept.
        let documentLost = summary.state == .booked && (summary.ledgerMismatch ?? "").contains("missing booking")
        _ = flow.handle(.reprocess(now: now, documentLost: documentLost))
        guard flow != before else { throw AdminError.nothingToReprocess(summary.id, state: summary.state.rawValue) }
        // Stored as a look-up under way: the run asks the ledger, then makes what is missing.
        try database.saveFlow(orderID: summary.id, flow, detail: "reprocess asked", now: now)
    }

    /// The queued requests (of one connection, or all), oldest first, each booked on its own so
    /// that the page sees them finish one by one. A request whose connection another run holds
    /// stays queued for the next pass. Returns how many were finished.
    public func runQueue(connectionID: Int64? = nil, job: BookingJob, clock: () -> Int64) throws -> Int {
        var finished = 0
        var lockedOut: Set<Int64> = []
        for request in try database.unfinishedReprocessRequests(connectionID: connectionID)
        where !lockedOut.contains(request.connectionID) {
            try database.startReprocess(orderID: request.orderID, now: clock())
            let outcome: Outcome
            do {
                outcome = try reprocess(orderID: request.orderID, now: clock(), job: job)
            } catch let error as AdminError {
                guard let summary = try database.order(id: request.orderID)?.summary else {
                    try database.finishReprocess(orderID: request.orderID, outcome: "gone", now: clock())
                    finished += 1
                    continue
                }
                // Marked before, by a pass another run's lock kept out: still due, booked now.
                // Otherwise nothing to do (booked meanwhile): done, with the state it has.
                guard [.queued, .booking].contains(summary.state),
                    let connection = try database.connection(license: summary.licenseKey)
                else {
                    logger.info("reprocess request: \(error)", metadata: ["order": "\(request.orderID)"])
                    try database.finishReprocess(orderID: request.orderID, outcome: summary.state.rawValue, now: clock())
                    finished += 1
                    continue
                }
                outcome = try book(request.orderID, of: connection, job: job, before: summary.state)
            } catch {
                // The connection cannot be worked on now (its ledger access): the order keeps the
                // state it has, the sync pass reports the connection's problem.
                logger.warning("reprocess failed: \(error)", metadata: ["order": "\(request.orderID)"])
                let state = try database.order(id: request.orderID)?.summary.state.rawValue ?? "gone"
                try database.finishReprocess(orderID: request.orderID, outcome: state, now: clock())
                finished += 1
                continue
            }
            if outcome.lockedOut {
                try database.requeueReprocess(orderID: request.orderID)
                lockedOut.insert(request.connectionID)
                continue
            }
            let state = outcome.state.rawValue
            try database.finishReprocess(orderID: request.orderID, outcome: state, now: clock())
            finished += 1
        }
        return finished
    }

    /// The booking job over the store's ledgers, as `koppel sync` makes it.
    public func job() throws -> BookingJob {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        let ledgers = LedgerFactory(
            database: database, sealer: sealer, clients: try LedgerClientEnvironment.clients())
        return BookingJob(
            database: database, ledgers: ledgers, logger: logger, clock: { Int64(Date().timeIntervalSince1970) })
    }
}
