import Foundation
import GRDB

/// An order someone asked to be booked again ("opnieuw verwerken"), as the booking worker and the
/// dashboard see it.
public struct ReprocessRequest: Sendable, Equatable {
    public var orderID: Int64
    public var connectionID: Int64
    /// The dashboard user who asked; nil when the account is gone.
    public var requestedBy: Int64?
    public var requestedAt: Int64
    /// The "alles opnieuw verwerken" it belongs to.
    public var batch: String?
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// The order's state when the worker was done with it.
    public var outcome: String?

    /// `queued`, `busy` or `done`.
    public var progress: String {
        if finishedAt != nil { return "done" }
        return startedAt == nil ? "queued" : "busy"
    }

    init(row: Row) {
        orderID = row["order_id"]
        connectionID = row["connection_id"]
        requestedBy = row["requested_by"]
        requestedAt = row["requested_at"]
        batch = row["batch"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        outcome = row["outcome"]
    }
}

/// How far one "alles opnieuw verwerken" is.
public struct ReprocessProgress: Sendable, Equatable {
    public var total: Int
    public var done: Int
    public var booked: Int
}

extension KoppelDatabase {
    private static let requestSelect = """
        SELECT order_id, connection_id, requested_by, requested_at, batch, started_at, finished_at, outcome
        FROM reprocess_request
        """

    /// Queues one order for the worker; asking again for an order renews its request.
    public func queueReprocess(orderID: Int64, connectionID: Int64, userID: Int64?, batch: String? = nil, now: Int64)
        throws
    {
        try pool.write { db in
            try Self.upsertRequest(db, orderID: orderID, connectionID: connectionID, userID: userID, batch: batch, now: now)
            try db.execute(
                sql: "INSERT INTO booking_event (order_id, at, state, detail) SELECT id, ?, state, ? FROM shop_order WHERE id = ?",
                arguments: [now, "reprocess queued" + (userID.map { " by user \($0)" } ?? ""), orderID])
        }
    }

    /// Queues every order of the connection in error (Fouten); how many.
    public func queueReprocessOfErrors(connectionID: Int64, userID: Int64?, batch: String, now: Int64) throws -> Int {
        try pool.write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = ? AND (state = 'error' OR ledger_mismatch IS NOT NULL) AND \(OrdersNeedingAttention.condition())
                    ORDER BY id
                    """,
                arguments: [connectionID])
            for id in ids {
                try Self.upsertRequest(db, orderID: id, connectionID: connectionID, userID: userID, batch: batch, now: now)
                try db.execute(
                    sql: "INSERT INTO booking_event (order_id, at, state, detail) SELECT id, ?, state, ? FROM shop_order WHERE id = ?",
                    arguments: [now, "reprocess queued with all errors" + (userID.map { " by user \($0)" } ?? ""), id])
            }
            return ids.count
        }
    }

    private static func upsertRequest(
        _ db: Database, orderID: Int64, connectionID: Int64, userID: Int64?, batch: String?, now: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO reprocess_request (order_id, connection_id, requested_by, requested_at, batch)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(order_id) DO UPDATE SET connection_id = excluded.connection_id,
                    requested_by = excluded.requested_by, requested_at = excluded.requested_at, batch = excluded.batch,
                    started_at = NULL, finished_at = NULL, outcome = NULL
                """,
            arguments: [orderID, connectionID, userID, now, batch])
    }

    /// Requests the worker has not finished, oldest first (a run that died halfway is taken again:
    /// the booking looks the ledger up first).
    public func unfinishedReprocessRequests(connectionID: Int64? = nil) throws -> [ReprocessRequest] {
        try pool.read { db in
            var sql = Self.requestSelect + " WHERE finished_at IS NULL"
            var arguments: StatementArguments = []
            if let connectionID {
                sql += " AND connection_id = ?"
                arguments += [connectionID]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY requested_at, order_id", arguments: arguments)
                .map(ReprocessRequest.init(row:))
        }
    }

    /// Whether any request waits: the worker's cheap poll between passes.
    public func hasUnfinishedReprocessRequests(connectionID: Int64? = nil) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM reprocess_request WHERE finished_at IS NULL
                                   AND (? IS NULL OR connection_id = ?))
                    """,
                arguments: [connectionID, connectionID]) ?? false
        }
    }

    public func startReprocess(orderID: Int64, now: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE reprocess_request SET started_at = ? WHERE order_id = ?", arguments: [now, orderID])
        }
    }

    /// Back in the queue: another run of the connection held its lock.
    public func requeueReprocess(orderID: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE reprocess_request SET started_at = NULL WHERE order_id = ?", arguments: [orderID])
        }
    }

    public func finishReprocess(orderID: Int64, outcome: String, now: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE reprocess_request SET finished_at = ?, outcome = ? WHERE order_id = ?",
                arguments: [now, outcome, orderID])
        }
    }

    public func reprocessRequest(orderID: Int64) throws -> ReprocessRequest? {
        try pool.read { db in
            try Row.fetchOne(db, sql: Self.requestSelect + " WHERE order_id = ?", arguments: [orderID])
                .map(ReprocessRequest.init(row:))
        }
    }

    /// How many orders of one "alles opnieuw verwerken" the worker has done; nil when there is no such batch.
    public func reprocessProgress(connectionID: Int64, batch: String) throws -> ReprocessProgress? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) AS total, COUNT(finished_at) AS done,
                               COUNT(CASE WHEN outcome = 'booked' THEN 1 END) AS booked
                        FROM reprocess_request WHERE connection_id = ? AND batch = ?
                        """,
                    arguments: [connectionID, batch])
            else { return nil }
            let total: Int = row["total"]
            guard total > 0 else { return nil }
            return ReprocessProgress(total: total, done: row["done"], booked: row["booked"])
        }
    }
}
