import Foundation
import GRDB
import KoppelCore

/// The orders the booking job will book without a person, as `BacklogEstimate` defines them.
public struct WaitingOrders: Sendable, Equatable {
    public var count: Int
    /// The latest time one of them may be tried again (a retry's backoff, the rate limit's
    /// reset); 0 when none is held back.
    public var notBefore: Int64

    public init(count: Int, notBefore: Int64) {
        self.count = count
        self.notBefore = notBefore
    }
}

extension KoppelDatabase {
    /// How many orders recent slices of the requests per order cover (the rolling figure).
    public static let paceOrders = 200
    /// Slices kept per connection: enough for `paceOrders` even when runs end with small slices.
    static let paceSlicesKept = 100

    /// The connection's orders waiting to be booked without a person (`BacklogEstimate` says
    /// which): a newest version not examined yet unless booked, or queued, booking, waiting.
    public func waitingToBeBooked(connectionID: Int64) throws -> WaitingOrders {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS count, MAX(CASE WHEN state = 'waiting' THEN not_before END) AS not_before
                    FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = ? AND state != 'booked' AND \(OrdersNeedingAttention.condition())
                      AND (examined_version < version OR state IN ('received', 'queued', 'booking', 'waiting'))
                    """,
                arguments: [connectionID])
            return WaitingOrders(count: row?["count"] ?? 0, notBefore: row?["not_before"] ?? 0)
        }
    }

    /// Keeps a slice of what booking cost: `requests` ledger requests, `orders` orders finished.
    /// Old slices beyond those the rolling figure can need are dropped.
    public func recordBookingPace(connectionID: Int64, _ pace: BookingPace, now: Int64) throws {
        guard pace.orders > 0 || pace.requests > 0 else { return }
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO booking_pace (connection_id, at, orders, requests) VALUES (?, ?, ?, ?)",
                arguments: [connectionID, now, pace.orders, pace.requests])
            try db.execute(
                sql: """
                    DELETE FROM booking_pace WHERE connection_id = ? AND id <= (
                        SELECT id FROM booking_pace WHERE connection_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
                    """,
                arguments: [connectionID, connectionID, Self.paceSlicesKept])
        }
    }

    /// The requests and orders of the newest slices that together hold at least `orders` finished
    /// orders (all there are when fewer): a rolling figure that follows a change in the orders
    /// (more returning customers, a ledger that got slower to find contacts) within a few hundred
    /// orders. Nil when nothing was recorded.
    public func bookingPace(connectionID: Int64, orders: Int = KoppelDatabase.paceOrders) throws -> BookingPace? {
        try pool.read { db in
            let slices = try Row.fetchAll(
                db,
                sql: "SELECT orders, requests FROM booking_pace WHERE connection_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [connectionID, Self.paceSlicesKept])
            guard !slices.isEmpty else { return nil }
            var pace = BookingPace(orders: 0, requests: 0)
            for slice in slices {
                pace = pace + BookingPace(orders: slice["orders"], requests: slice["requests"])
                if pace.orders >= orders { break }
            }
            return pace
        }
    }
}
