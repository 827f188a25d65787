import GRDB

/// The ledger's reference data of a connection as last read, kept as JSON (its shape belongs to
/// KoppelAdmin), with when it was read.
extension KoppelDatabase {
    public func storeLedgerReference(connectionID: Int64, json: String, readAt: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ledger_reference (connection_id, data, read_at) VALUES (?, ?, ?)
                    ON CONFLICT (connection_id) DO UPDATE SET data = excluded.data, read_at = excluded.read_at
                    """,
                arguments: [connectionID, json, readAt])
        }
    }

    /// Nil until the ledger's reference data was read once.
    public func ledgerReference(connectionID: Int64) throws -> (json: String, readAt: Int64)? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT data, read_at FROM ledger_reference WHERE connection_id = ?", arguments: [connectionID]
            ).map { (try $0.decode(forColumn: "data"), try $0.decode(forColumn: "read_at")) }
        }
    }

    /// The shop side's last sign of life: the newest settings version and when it came, and when
    /// the newest order push came; nils before the first.
    public func lastPushes(connectionID: Int64) throws -> (settingsVersion: Int64?, settingsAt: Int64?, orderAt: Int64?) {
        try pool.read { db in
            let settings = try Row.fetchOne(
                db,
                sql: "SELECT version, received_at FROM settings_version WHERE connection_id = ? ORDER BY version DESC LIMIT 1",
                arguments: [connectionID])
            let orderAt = try Int64.fetchOne(
                db, sql: "SELECT MAX(received_at) FROM shop_order WHERE connection_id = ?", arguments: [connectionID])
            return (settings?["version"], settings?["received_at"], orderAt)
        }
    }
}
