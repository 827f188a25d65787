import Foundation
import GRDB
import KoppelCore

/// Another fetch of the connection stored its orders since this one read the cursor: this batch
/// is not stored, and the next fetch starts from where that one left off.
public struct FetchCursorMoved: Error, CustomStringConvertible {
    public var expected: String?
    public var found: String?
    public var description: String { "the fetch cursor moved from \(expected ?? "the start") to \(found ?? "the start") meanwhile" }
}

/// Orders koppel fetches from a shop (rather than being pushed them) and where the fetching got to.
/// They are kept exactly as pushed ones: one row per order reference, a new version when the
/// content's digest changed, nothing written when it did not.
extension KoppelDatabase {
    /// The job name of the fetch run in `connection_run`, whose row carries the cursor.
    static let fetchJob = "fetch"

    /// Where the last stored fetch of the connection left off; nil before the first.
    public func fetchCursor(connectionID: Int64) throws -> String? {
        try pool.read { db in try Self.fetchCursor(db, connectionID: connectionID) }
    }

    /// Stores a fetched batch and moves the cursor from `cursor` to `next`, in one transaction:
    /// all the orders and the new cursor, or nothing. Throws `FetchCursorMoved` when the stored
    /// cursor is no longer `cursor` (another fetch came first); nothing is stored then.
    @discardableResult
    public func storeFetchedOrders(
        _ orders: [IncomingOrder], connectionID: Int64, from cursor: String?, to next: String, now: Int64
    ) throws -> [StoredOrder] {
        let payloads = try orders.map { try StoredPayload.encode($0.canonicalJSON) }
        return try pool.write { db in
            let stored = try Self.fetchCursor(db, connectionID: connectionID)
            guard stored == cursor else { throw FetchCursorMoved(expected: cursor, found: stored) }
            let results = try zip(orders, payloads).map { try self.store($0, payload: $1, connectionID: connectionID, now: now, db) }
            try db.execute(
                sql: """
                    INSERT INTO connection_run (connection_id, job, at, problem, cursor) VALUES (?, ?, ?, NULL, ?)
                    ON CONFLICT (connection_id, job) DO UPDATE SET at = excluded.at, problem = NULL, cursor = excluded.cursor
                    """,
                arguments: [connectionID, Self.fetchJob, now, next])
            return results
        }
    }

    /// The references of the connection's orders not booked (or credited) yet, for the nightly
    /// read-again of a fetched shop.
    public func openOrderReferences(connectionID: Int64) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT order_reference FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = ? AND state <> 'booked' AND \(OrdersNeedingAttention.condition()) ORDER BY id
                    """,
                arguments: [connectionID])
        }
    }

    private static func fetchCursor(_ db: Database, connectionID: Int64) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT cursor FROM connection_run WHERE connection_id = ? AND job = ?", arguments: [connectionID, fetchJob])
    }
}
