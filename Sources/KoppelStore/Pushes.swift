import Foundation
import GRDB
import KoppelCore

/// The signature a request was accepted with, remembered until its timestamp could no longer
/// pass the freshness window, so that the same request is never accepted twice.
public struct AcceptedSignature: Sendable {
    public var bytes: Data
    public var expiresAt: Int64

    public init(bytes: Data, expiresAt: Int64) {
        self.bytes = bytes
        self.expiresAt = expiresAt
    }
}

/// A request whose signature was accepted before.
public struct ReplayedSignature: Error {}

extension KoppelDatabase {
    /// Stores a batch of orders in one transaction together with the request's signature: either
    /// all of it lands or none. Orders whose content is unchanged are reported, not written.
    public func storeOrders(
        _ orders: [IncomingOrder], connectionID: Int64, signature: AcceptedSignature, now: Int64
    ) throws -> [StoredOrder] {
        // Compressed here, on the request's thread: the one writer only writes.
        let payloads = try orders.map { try StoredPayload.encode($0.canonicalJSON) }
        return try pushWrites.perform { db in
            try self.remember(signature, now: now, db)
            return try zip(orders, payloads).map { try self.store($0, payload: $1, connectionID: connectionID, now: now, db) }
        }
    }

    /// Stores a settings push as the next version unless its content is unchanged.
    public func storeSettings(
        canonicalJSON: Data, connectionID: Int64, signature: AcceptedSignature, now: Int64
    ) throws -> (result: StoreResult, version: Int64) {
        let payload = try StoredPayload.encode(canonicalJSON)
        return try pushWrites.perform { db in
            try self.remember(signature, now: now, db)
            return try Self.storeSettingsVersion(canonicalJSON, payload: payload, connectionID: connectionID, now: now, db)
        }
    }

    /// The settings as the next version unless the newest has the same content: pushed or fetched.
    /// - Parameter payload: `canonicalJSON` as `StoredPayload` stores it, made before the transaction.
    static func storeSettingsVersion(
        _ canonicalJSON: Data, payload: Data, connectionID: Int64, now: Int64, _ db: Database
    ) throws -> (result: StoreResult, version: Int64) {
        let digest = IncomingOrder.digest(of: canonicalJSON)
        let latest = try Row.fetchOne(
            db,
            sql: """
                SELECT version, content_digest FROM settings_version
                WHERE connection_id = ? ORDER BY version DESC LIMIT 1
                """,
            arguments: [connectionID])
        let latestVersion: Int64 = latest?["version"] ?? 0
        if let latest, (latest["content_digest"] as Data) == digest { return (.unchanged, latestVersion) }
        try db.execute(
            sql: """
                INSERT INTO settings_version (connection_id, version, content_digest, payload, received_at)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [connectionID, latestVersion + 1, digest, payload, now])
        return (latestVersion == 0 ? .created : .updated, latestVersion + 1)
    }

    /// Records a signature for a request that stores nothing else (a ping).
    public func acceptSignature(_ signature: AcceptedSignature, now: Int64) throws {
        try pushWrites.perform { db in try self.remember(signature, now: now, db) }
    }

    private func remember(_ signature: AcceptedSignature, now: Int64, _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT INTO accepted_signature (signature, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        try insert.execute(arguments: [signature.bytes, signature.expiresAt])
        guard db.changesCount == 1 else { throw ReplayedSignature() }
        // Forget the signatures that have expired: their timestamps can no longer pass, so there
        // is nothing left to replay. With every request, not by chance: the stored bytes are hex
        // digits, and a test on them decides nothing. The key begins with expires_at, so it is a
        // short range delete at the table's start, about one row a request once the table is in
        // its steady state.
        try db.cachedStatement(sql: "DELETE FROM accepted_signature WHERE expires_at < ?").execute(arguments: [now])
    }

    /// Stores one order as its next version unless its content is unchanged: pushed and fetched
    /// orders alike.
    /// - Parameter payload: the order's canonical JSON as `StoredPayload` stores it, made before
    ///   the transaction (also for an order found unchanged: deciding that needs the transaction).
    func store(_ order: IncomingOrder, payload: Data, connectionID: Int64, now: Int64, _ db: Database) throws -> StoredOrder {
        let current = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT id, version, content_digest FROM shop_order WHERE connection_id = ? AND order_reference = ?"),
            arguments: [connectionID, order.orderReference])

        let orderRowID: Int64
        let version: Int64
        let result: StoreResult
        if let current {
            if (current["content_digest"] as Data) == order.contentDigest {
                return StoredOrder(orderReference: order.orderReference, result: .unchanged, version: current["version"])
            }
            orderRowID = current["id"]
            version = (current["version"] as Int64) + 1
            result = .updated
            try db.cachedStatement(
                sql: """
                    UPDATE shop_order SET version = ?, content_digest = ?, order_status = ?, total = ?,
                        currency_code = ?, store_id = ?, date_added = ?, updated_at = ?
                    WHERE id = ?
                    """
            ).execute(arguments: [
                version, order.contentDigest, order.status, order.total.description, order.currencyCode,
                order.storeID, order.dateAdded, now, orderRowID,
            ])
        } else {
            version = 1
            result = .created
            try db.cachedStatement(
                sql: """
                    INSERT INTO shop_order (connection_id, order_reference, store_id, version, content_digest,
                        order_status, total, currency_code, date_added, received_at, updated_at)
                    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                connectionID, order.orderReference, order.storeID, order.contentDigest, order.status,
                order.total.description, order.currencyCode, order.dateAdded, now, now,
            ])
            orderRowID = db.lastInsertedRowID
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO order_version (order_id, version, content_digest, order_status, payload, received_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            orderRowID, version, order.contentDigest, order.status, payload, now,
        ])
        return StoredOrder(orderReference: order.orderReference, result: result, version: version)
    }
}
