import Foundation
import GRDB
import KoppelCore

/// An order as lists show it: the newest version's columns.
public struct OrderSummary: Sendable, Equatable {
    public var id: Int64
    public var licenseKey: String
    public var connectionName: String
    /// The shop's reference of the order ("1024", "MWW-1001").
    public var orderReference: String
    public var storeID: Int64
    public var version: Int64
    /// The shop's status of the newest version, as text.
    public var status: String
    public var total: String
    public var currencyCode: String
    public var dateAdded: String
    public var state: OrderState
    public var receivedAt: Int64
    public var updatedAt: Int64
    /// Set when the reconciler found the order's ledger booking differing: one of its errors.
    public var ledgerMismatch: String?

    init(row: Row) {
        id = row["id"]
        licenseKey = row["license_key"]
        connectionName = row["name"]
        orderReference = row["order_reference"]
        storeID = row["store_id"]
        version = row["version"]
        status = row["order_status"]
        total = row["total"]
        currencyCode = row["currency_code"]
        dateAdded = row["date_added"]
        state = OrderState(rawValue: row["state"]) ?? .received
        receivedAt = row["received_at"]
        updatedAt = row["updated_at"]
        ledgerMismatch = row["ledger_mismatch"]
    }
}

/// One stored version of an order, with the content exactly as it was pushed (canonical JSON).
public struct OrderVersion: Sendable, Equatable {
    public var version: Int64
    public var status: String
    public var receivedAt: Int64
    /// The canonical JSON, or why its stored bytes could not be read: one damaged version does
    /// not hide the order or its other versions.
    public var payload: Result<String, UnreadablePayload>
}

extension KoppelDatabase {
    private static let summarySelect = """
        SELECT o.id, c.license_key, c.name, o.order_reference, o.store_id, o.version, o.order_status, o.total,
               o.currency_code, o.date_added, o.state, o.received_at, o.updated_at, o.ledger_mismatch
        FROM shop_order o JOIN connection c ON c.id = o.connection_id
        """

    /// Orders, newest first, optionally of one connection and in one state.
    public func orders(license: String? = nil, state: OrderState? = nil, limit: Int = 100) throws -> [OrderSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let license {
            conditions.append("c.license_key = ?")
            arguments += [license]
        }
        if let state {
            // Errors include booked orders whose ledger booking differs (Moneybird: the manual's
            // "the invoice goes to Errors").
            conditions.append(state == .error ? "(o.state = ? OR o.ledger_mismatch IS NOT NULL)" : "o.state = ?")
            arguments += [state.rawValue]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit]
        return try pool.read { db in
            try Row.fetchAll(db, sql: Self.summarySelect + filter + " ORDER BY o.id DESC LIMIT ?", arguments: arguments)
                .map(OrderSummary.init(row:))
        }
    }

    public func order(id: Int64) throws -> (summary: OrderSummary, versions: [OrderVersion])? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.summarySelect + " WHERE o.id = ?", arguments: [id]) else {
                return nil
            }
            let versions = try Row.fetchAll(
                db,
                sql: """
                    SELECT version, order_status, received_at, payload FROM order_version
                    WHERE order_id = ? ORDER BY version
                    """,
                arguments: [id]
            ).map { row in
                OrderVersion(
                    version: row["version"], status: row["order_status"], receivedAt: row["received_at"],
                    payload: Result { () throws(UnreadablePayload) in try row.payload() })
            }
            return (OrderSummary(row: row), versions)
        }
    }

    /// Row counts, for tests and the demo's summary.
    public func counts() throws -> (orders: Int, versions: Int, settings: Int) {
        try pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM order_version") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM settings_version") ?? 0
            )
        }
    }

    public func hasSettings(connectionID: Int64) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM settings_version WHERE connection_id = ?)", arguments: [connectionID]) ?? false
        }
    }
}
