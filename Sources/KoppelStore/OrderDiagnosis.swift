import Foundation
import GRDB

/// Everything the store knows about one order and its connection, as plain JSON values (numbers,
/// strings, null; JSON text columns parsed), for "meer info" and the problem report's bundle.
/// Secret columns are never selected: the connection's API key, the ledger's sealed tokens.
public struct OrderDiagnosis: @unchecked Sendable {
    /// The order's row (state, flow, problem, ledger id, ...).
    public var order: [String: Any]
    /// Each pushed version, oldest first, with its content digest (hex) and payload.
    public var versions: [[String: Any]]
    /// The booking history, oldest first.
    public var events: [[String: Any]]
    /// The booked document's figures, when booked.
    public var booked: [String: Any]?
    public var reprocess: [String: Any]?
    /// The connection without its secrets, its booking configuration, ledger settings and the
    /// shop's last settings.
    public var connection: [String: Any]
    /// The last run of each job, and the last reconcile runs.
    public var runs: [[String: Any]]
    public var reconcileRuns: [[String: Any]]
    /// The store's schema: the migrations applied, in order.
    public var migrations: [String]
}

extension KoppelDatabase {
    /// The order's diagnosis, nil when there is no such order.
    public func orderDiagnosis(orderID: Int64) throws -> OrderDiagnosis? {
        try pool.read { db in
            guard let order = try Self.objects(db, "SELECT * FROM shop_order WHERE id = ?", [orderID]).first,
                let connectionID = order["connection_id"] as? Int64
            else { return nil }
            var connection =
                try Self.objects(
                    db,
                    "SELECT id, license_key, name, shop, ledger, reference_prefix, created_at FROM connection WHERE id = ?",
                    [connectionID]
                ).first ?? [:]
            connection["booking_configuration"] =
                try Self.objects(db, "SELECT * FROM connection_config WHERE connection_id = ?", [connectionID]).first
                ?? NSNull()
            connection["ledger"] =
                try Self.objects(
                    db, "SELECT base_url, administration_id, updated_at FROM connection_ledger WHERE connection_id = ?",
                    [connectionID]
                ).first ?? NSNull()
            connection["ledger_settings"] =
                try Self.objects(db, "SELECT * FROM connection_ledger_settings WHERE connection_id = ?", [connectionID])
                .first ?? NSNull()
            connection["reconcile_settings"] =
                try Self.objects(db, "SELECT * FROM connection_reconcile WHERE connection_id = ?", [connectionID]).first
                ?? NSNull()
            connection["shop_settings"] =
                try Self.objects(
                    db,
                    "SELECT version, received_at, payload FROM settings_version WHERE connection_id = ? ORDER BY version DESC LIMIT 1",
                    [connectionID]
                ).first ?? NSNull()
            return OrderDiagnosis(
                order: order,
                versions: try Self.objects(
                    db,
                    """
                    SELECT version, lower(hex(content_digest)) AS digest, order_status, received_at, payload
                    FROM order_version WHERE order_id = ? ORDER BY version
                    """, [orderID]),
                events: try Self.objects(
                    db, "SELECT at, state, detail FROM booking_event WHERE order_id = ? ORDER BY id", [orderID]),
                booked: try Self.objects(db, "SELECT * FROM booked_document WHERE order_id = ?", [orderID]).first,
                reprocess: try Self.objects(db, "SELECT * FROM reprocess_request WHERE order_id = ?", [orderID]).first,
                connection: connection,
                runs: try Self.objects(db, "SELECT job, at, problem FROM connection_run WHERE connection_id = ?", [connectionID]),
                reconcileRuns: try Self.objects(
                    db,
                    "SELECT * FROM reconcile_run WHERE connection_id = ? ORDER BY id DESC LIMIT 5", [connectionID]),
                migrations: try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid"))
        }
    }

    /// Rows as JSON objects: a text column holding a JSON object or array is parsed; a blob is hex.
    /// A `payload` column (an order's or the settings' stored JSON) is read through `StoredPayload`;
    /// one that cannot be read says why instead.
    static func objects(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [[String: Any]] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var object: [String: Any] = [:]
            for (column, value) in row {
                if column == "payload" {
                    do {
                        let json = try StoredPayload.decode(value)
                        object[column] = parsedJSON(json) ?? json
                    } catch {
                        object[column] = "unreadable: \(error)"
                    }
                    continue
                }
                switch value.storage {
                case .null: object[column] = NSNull()
                case .int64(let number): object[column] = number
                case .double(let number): object[column] = number
                case .string(let text): object[column] = parsedJSON(text) ?? text
                case .blob(let data): object[column] = data.map { String(format: "%02x", $0) }.joined()
                }
            }
            return object
        }
    }

    private static func parsedJSON(_ text: String) -> Any? {
        guard let first = text.first, first == "{" || first == "[" else { return nil }
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            return nil  // Text that only looks like JSON stays text.
        }
    }
}
