import Foundation
import GRDB
import KoppelCore

/// A connection's ledger access as stored: its credentials (the tokens still sealed) and the
/// adapter's settings, read together.
public struct StoredLedgerAccess: Sendable {
    public var baseURL: String
    public var administrationID: String
    public var sealedTokens: Data
    /// The ledger adapter's own settings, as JSON (its adapter decodes them); nil while none are
    /// stored (the adapter's defaults).
    public var settingsJSON: String?
}

/// The credentials (`connection_ledger`) and the settings (`connection_ledger_settings`) are rows
/// of their own, each with a narrow writer: a token refresh and a settings edit at the same time
/// cannot undo each other.
extension KoppelDatabase {
    /// `koppel ledger connect|exchange`: how the connection reaches its ledger, the tokens sealed
    /// and bound to the license. The settings stay as they are.
    public func setLedgerCredentials(
        connection: Connection, baseURL: String, administrationID: String, tokensJSON: Data, sealer: SecretSealer, now: Int64
    ) throws {
        let sealed = try sealTokens(tokensJSON, connection: connection, sealer: sealer)
        try pool.write { db in
            try Self.writeCredentials(
                db, connectionID: connection.id, baseURL: baseURL, administrationID: administrationID, sealed: sealed, now: now)
        }
    }

    /// A token refresh: only the sealed tokens change. False when the connection has no
    /// credentials to refresh.
    @discardableResult
    public func updateLedgerTokens(connection: Connection, tokensJSON: Data, sealer: SecretSealer, now: Int64) throws -> Bool {
        let sealed = try sealTokens(tokensJSON, connection: connection, sealer: sealer)
        return try pool.write { db in
            try db.execute(
                sql: "UPDATE connection_ledger SET tokens_sealed = ?, updated_at = ? WHERE connection_id = ?",
                arguments: [sealed, now, connection.id])
            return db.changesCount == 1
        }
    }

    /// Replaces the adapter's settings; for an edit of what is stored, `updateLedgerSettings`.
    public func setLedgerSettings(connectionID: Int64, settingsJSON: String, now: Int64) throws {
        try pool.write { db in try Self.writeSettings(db, connectionID: connectionID, json: settingsJSON, now: now) }
    }

    /// Reads, changes and writes the adapter's settings in one write transaction, so that two
    /// edits at once (two `koppel config` commands) both count. `json` is nil when none are
    /// stored yet; left nil, nothing is written.
    public func updateLedgerSettings(connectionID: Int64, now: Int64, _ change: (inout String?) throws -> Void) throws {
        try pool.write { db in
            var json = try String.fetchOne(
                db, sql: "SELECT settings FROM connection_ledger_settings WHERE connection_id = ?", arguments: [connectionID])
            let before = json
            try change(&json)
            if let json, json != before { try Self.writeSettings(db, connectionID: connectionID, json: json, now: now) }
        }
    }

    /// Credentials and settings at once, in one transaction: a ledger connected from scratch
    /// (test and benchmark setups).
    public func setLedgerAccess(
        connection: Connection, baseURL: String, administrationID: String, tokensJSON: Data, settingsJSON: String,
        sealer: SecretSealer, now: Int64
    ) throws {
        let sealed = try sealTokens(tokensJSON, connection: connection, sealer: sealer)
        try pool.write { db in
            try Self.writeCredentials(
                db, connectionID: connection.id, baseURL: baseURL, administrationID: administrationID, sealed: sealed, now: now)
            try Self.writeSettings(db, connectionID: connection.id, json: settingsJSON, now: now)
        }
    }

    /// The connection's credentials with its settings, from one snapshot; nil when the ledger is
    /// not connected.
    public func ledgerAccess(connectionID: Int64) throws -> StoredLedgerAccess? {
        try pool.read { db in
            let sql = """
                SELECT c.name, c.license_key, l.base_url, l.administration_id, l.tokens_sealed, s.settings
                FROM connection_ledger l
                JOIN connection c ON c.id = l.connection_id
                LEFT JOIN connection_ledger_settings s ON s.connection_id = l.connection_id
                WHERE l.connection_id = ?
                """
            guard let row = try Row.fetchOne(db, sql: sql, arguments: [connectionID]) else { return nil }
            let stored = StoredRow(row, table: "connection_ledger", connectionID: connectionID)
            return StoredLedgerAccess(
                baseURL: try stored.value("base_url"), administrationID: try stored.value("administration_id"),
                sealedTokens: try stored.value("tokens_sealed"),
                settingsJSON: try stored.table("connection_ledger_settings").value("settings", as: String?.self))
        }
    }

    public static func ledgerTokensContext(license: String) -> String {
        "koppel ledger tokens v1 " + license
    }

    private func sealTokens(_ tokensJSON: Data, connection: Connection, sealer: SecretSealer) throws -> Data {
        try sealer.seal(String(decoding: tokensJSON, as: UTF8.self), context: Self.ledgerTokensContext(license: connection.licenseKey))
    }

    private static func writeCredentials(
        _ db: Database, connectionID: Int64, baseURL: String, administrationID: String, sealed: Data, now: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO connection_ledger (connection_id, base_url, administration_id, tokens_sealed, updated_at, connected_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET base_url = excluded.base_url,
                    administration_id = excluded.administration_id, tokens_sealed = excluded.tokens_sealed,
                    updated_at = excluded.updated_at, connected_at = excluded.connected_at
                """,
            arguments: [connectionID, baseURL, administrationID, sealed, now, now])
    }

    private static func writeSettings(_ db: Database, connectionID: Int64, json: String, now: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO connection_ledger_settings (connection_id, settings, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                """,
            arguments: [connectionID, json, now])
    }
}
