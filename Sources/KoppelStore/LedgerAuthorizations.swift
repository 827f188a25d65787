import Foundation
import GRDB

/// An OAuth authorization of a connection's ledger under way: its `state` is kept as a SHA-256,
/// bound to the session that asked and the connection, and used once.
public struct LedgerAuthorization: Sendable, Equatable {
    public var sessionHash: Data
    public var connectionID: Int64
    public var userID: Int64
}

/// When the connection's ledger was connected, for Profiel and Configuratie.
public struct LedgerConnectionState: Sendable, Equatable {
    public var administrationID: String
    public var since: Int64
}

extension KoppelDatabase {
    public func createLedgerAuthorization(
        stateHash: Data, sessionHash: Data, connectionID: Int64, expiresAt: Int64, now: Int64
    )
        throws
    {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM ledger_authorization WHERE expires_at < ?", arguments: [now])
            try db.execute(
                sql: """
                    INSERT INTO ledger_authorization (state_hash, session_hash, connection_id, expires_at)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [stateHash, sessionHash, connectionID, expiresAt])
        }
    }

    /// Takes the authorization of this state: deleted whether it is still good or not, so a state
    /// works once. Nil when it is unknown, expired, or its session has ended.
    public func takeLedgerAuthorization(stateHash: Data, now: Int64) throws -> LedgerAuthorization? {
        try pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT a.session_hash, a.connection_id, a.expires_at, s.user_id
                        FROM ledger_authorization a JOIN web_session s ON s.token_hash = a.session_hash
                        WHERE a.state_hash = ?
                        """,
                    arguments: [stateHash])
            else {
                try db.execute(sql: "DELETE FROM ledger_authorization WHERE state_hash = ?", arguments: [stateHash])
                return nil
            }
            try db.execute(sql: "DELETE FROM ledger_authorization WHERE state_hash = ?", arguments: [stateHash])
            let expiresAt: Int64 = row["expires_at"]
            guard expiresAt > now else { return nil }
            return LedgerAuthorization(
                sessionHash: row["session_hash"], connectionID: row["connection_id"], userID: row["user_id"])
        }
    }

    /// The administration and when its credentials were stored; nil when the ledger is not connected.
    public func ledgerConnectionState(connectionID: Int64) throws -> LedgerConnectionState? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT administration_id, connected_at FROM connection_ledger WHERE connection_id = ?",
                arguments: [connectionID]
            ).map { LedgerConnectionState(administrationID: $0["administration_id"], since: $0["connected_at"]) }
        }
    }
}
