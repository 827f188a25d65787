import Foundation
import GRDB

/// The orders pushed but not yet examined by the booking worker (the backlog), for Open's
/// progress bar during a bulk migration of historical orders.
public struct Backlog: Sendable, Equatable {
    /// Orders waiting for their first look at their newest version.
    public var remaining: Int
    /// Orders of the current wave: since the backlog was last empty.
    public var total: Int
    /// When the current wave began (the first of its orders arrived); nil when nothing waits.
    public var since: Int64?
    /// Orders of the wave examined in the last `rateWindow` seconds (at most since the wave began).
    public var recent: Int
    public var rateWindow: Int64
    /// Waiting orders placed more than a day before koppel received them: a migration of
    /// historical orders rather than new sales.
    public var historical: Int = 0

    public var done: Int { total - remaining }

    /// Seconds until the backlog is empty at the recent rate; nil before any was examined.
    public var secondsLeft: Int64? {
        guard remaining > 0, recent > 0, rateWindow > 0 else { return nil }
        return (Int64(remaining) * rateWindow + Int64(recent) - 1) / Int64(recent)
    }
}

extension KoppelDatabase {
    /// How many of the connection's orders wait for their first look, and how many of them were
    /// placed long before they arrived. Polled by Open: it seeks the unexamined orders only.
    static let waitingInBacklog = """
        SELECT COUNT(*) AS remaining,
            COUNT(CASE WHEN date_added < strftime('%Y-%m-%d %H:%M:%S', received_at - 86400, 'unixepoch')
                  THEN 1 END) AS historical
        FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
        WHERE connection_id = ? AND \(OrdersNeedingAttention.unexamined()) AND \(OrdersNeedingAttention.condition())
        """

    /// The connection's backlog. An order is in it from the arrival of its newest version until
    /// the worker first examined that version (its first booking event since). The wave is the
    /// stretch of time the backlog has not been empty: it starts at the oldest waiting order's
    /// arrival, moved back while an order that arrived earlier was examined only after it.
    public func backlog(connectionID: Int64, now: Int64, rateWindow: Int64 = 60) throws -> Backlog {
        try pool.read { db in
            let waiting = try Row.fetchOne(db, sql: Self.waitingInBacklog, arguments: [connectionID])
            let remaining: Int = waiting?["remaining"] ?? 0
            guard remaining > 0 else {
                return Backlog(remaining: 0, total: 0, since: nil, recent: 0, rateWindow: rateWindow)
            }
            // Each order's stay: arrival of its newest version, first look at it (null: waiting).
            // Only orders changed since a time T can have stayed in the backlog after T: a look
            // at an order sets its updated_at.
            let spans = """
                WITH span AS (
                    SELECT v.received_at AS arrived,
                        CASE WHEN o.examined_version >= o.version THEN COALESCE(
                            (SELECT MIN(e.at) FROM booking_event e WHERE e.order_id = o.id AND e.at >= v.received_at),
                            v.received_at) END AS examined
                    FROM shop_order o JOIN order_version v ON v.order_id = o.id AND v.version = o.version
                    WHERE o.connection_id = ? AND o.updated_at >= ?
                )
                """
            var since =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MIN(v.received_at) FROM shop_order o INDEXED BY \(OrdersNeedingAttention.index)
                        JOIN order_version v ON v.order_id = o.id AND v.version = o.version
                        WHERE o.connection_id = ? AND \(OrdersNeedingAttention.unexamined("o")) AND \(OrdersNeedingAttention.condition("o"))
                        """,
                    arguments: [connectionID]) ?? now
            // Orders that were waiting when `since` came are of the wave too; a few rounds at most
            // (bounded: each round moves `since` back).
            for _ in 0..<100 {
                guard
                    let earlier = try Int64.fetchOne(
                        db,
                        sql: spans + "SELECT MIN(arrived) FROM span WHERE arrived < ? AND examined >= ?",
                        arguments: [connectionID, since, since, since])
                else { break }
                since = earlier
            }
            let counts = try Row.fetchOne(
                db,
                sql: spans + """
                    SELECT COUNT(*) AS total, COUNT(CASE WHEN examined >= ? THEN 1 END) AS recent
                    FROM span WHERE arrived >= ?
                    """,
                arguments: [connectionID, since, max(since, now - rateWindow), since])
            let window = max(1, min(rateWindow, now - since))
            return Backlog(
                remaining: remaining, total: max(remaining, counts?["total"] ?? remaining), since: since,
                recent: counts?["recent"] ?? 0, rateWindow: window, historical: waiting?["historical"] ?? 0)
        }
    }
}
