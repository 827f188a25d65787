import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// A connection's orders waiting to be booked and when the last will be (`BacklogEstimate`), for
/// `koppel connection list`, `koppel orders list` and the dashboard's Open tab.
public struct WaitingEstimate: Sendable, Equatable {
    public var waiting: WaitingOrders
    /// Nil when the connection's ledger has no provider (it cannot be booked into yet).
    public var estimate: BacklogEstimate?

    /// - Parameter policy: the limit the booking job keeps to; the ledger provider's own unless
    ///   given (a benchmark's scaled limit).
    public static func of(
        connectionID: Int64, ledger: LedgerKind, in database: KoppelDatabase, now: Int64, policy: LedgerRatePolicy? = nil
    ) throws -> WaitingEstimate {
        let waiting = try database.waitingToBeBooked(connectionID: connectionID)
        // `provider(for:)` throws only `UnsupportedLedger`: no provider, so no estimate.
        guard let policy = policy ?? (try? LedgerProviders.provider(for: ledger))?.ratePolicy else {
            return WaitingEstimate(waiting: waiting, estimate: nil)
        }
        let estimate = BacklogEstimate(
            waiting: waiting.count, measured: try database.bookingPace(connectionID: connectionID),
            nominalRequestsPerOrder: policy.requestsPerOrder, limit: policy.limit, windowSeconds: policy.windowSeconds, now: now,
            notBefore: waiting.notBefore)
        return WaitingEstimate(waiting: waiting, estimate: estimate)
    }
}
