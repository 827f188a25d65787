import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// A connection's orders waiting to be booked and when the last will be (`BacklogEstimate`), for
/// `koppel connection list`, `koppel orders list` and the dashboard's Open tab.
public struct WaitingEstimate: Sendable, Equatable {
    public var waiting: WaitingOrders
    /// Nil when nothing can be booked yet (`blocked` says why) or the connection's ledger has no
    /// provider.
    public var estimate: BacklogEstimate?
    /// Why the booking job books nothing for this connection until a person sets it up, as the
    /// job itself would skip it; nil when it books.
    public var blocked: String?

    /// - Parameter policy: the limit the booking job keeps to; the ledger provider's own unless
    ///   given (a benchmark's scaled limit).
    public static func of(
        connectionID: Int64, ledger: LedgerKind, in database: KoppelDatabase, now: Int64, policy: LedgerRatePolicy? = nil
    ) throws -> WaitingEstimate {
        let waiting = try database.waitingToBeBooked(connectionID: connectionID)
        if let blocked = try blocked(connectionID: connectionID, in: database) {
            return WaitingEstimate(waiting: waiting, estimate: nil, blocked: blocked)
        }
        // `provider(for:)` throws only `UnsupportedLedger`: no provider, so no estimate.
        guard let policy = policy ?? (try? LedgerProviders.provider(for: ledger))?.ratePolicy else {
            return WaitingEstimate(waiting: waiting, estimate: nil, blocked: "koppel cannot book into \(ledger.rawValue) yet")
        }
        let estimate = BacklogEstimate(
            waiting: waiting.count, measured: try database.bookingPace(connectionID: connectionID),
            nominalRequestsPerOrder: policy.requestsPerOrder, limit: policy.limit, windowSeconds: policy.windowSeconds, now: now,
            notBefore: waiting.notBefore)
        return WaitingEstimate(waiting: waiting, estimate: estimate, blocked: nil)
    }

    /// What `BookingJob.run` skips a connection for, or stops at first: no settings pushed, no
    /// status chosen, no ledger access. A stored configuration that cannot be read stops it too.
    static func blocked(connectionID: Int64, in database: KoppelDatabase) throws -> String? {
        guard try database.latestSettings(connectionID: connectionID) != nil else { return "the shop has not pushed its settings yet" }
        do {
            guard !(try database.bookingConfiguration(connectionID: connectionID).bookedStatusIDs.isEmpty) else {
                return "no order status is chosen for booking"
            }
        } catch let unreadable as UnreadableStoredValue {
            return "\(unreadable)"
        }
        guard try database.ledgerAccess(connectionID: connectionID) != nil else { return "the ledger is not connected yet" }
        return nil
    }
}
