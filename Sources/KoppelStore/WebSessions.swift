import Foundation
import GRDB

/// A signed-in browser, found by the SHA-256 of its cookie value.
public struct WebSession: Sendable, Equatable {
    public var userID: Int64
    public var email: String
    public var csrfToken: String
    public var createdAt: Int64
    public var lastSeenAt: Int64
}

extension KoppelDatabase {
    public func createSession(tokenHash: Data, userID: Int64, csrfToken: String, now: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_session (token_hash, user_id, csrf_token, created_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [tokenHash, userID, csrfToken, now, now])
        }
    }

    /// The session when it exists and has not expired; its last use becomes `now`. An expired
    /// session is deleted.
    public func useSession(tokenHash: Data, now: Int64, idleLimit: Int64, absoluteLimit: Int64) throws -> WebSession? {
        try pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.*, u.email FROM web_session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?
                        """,
                    arguments: [tokenHash])
            else { return nil }
            let session = WebSession(
                userID: row["user_id"], email: row["email"], csrfToken: row["csrf_token"], createdAt: row["created_at"],
                lastSeenAt: row["last_seen_at"])
            if now - session.lastSeenAt > idleLimit || now - session.createdAt > absoluteLimit {
                try db.execute(sql: "DELETE FROM web_session WHERE token_hash = ?", arguments: [tokenHash])
                return nil
            }
            try db.execute(
                sql: "UPDATE web_session SET last_seen_at = ? WHERE token_hash = ?", arguments: [now, tokenHash])
            return session
        }
    }

    public func deleteSession(tokenHash: Data) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM web_session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func recordLoginFailure(email: String, address: String, now: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO login_failure (email, address, at) VALUES (?, ?, ?)",
                arguments: [email, address, now])
            // Old failures count for nothing: the table stays small.
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [now - 86_400])
        }
    }

    /// When the failed logins since `since` were, newest first: for this e-mail address and from
    /// this client address.
    public func loginFailureTimes(email: String, address: String, since: Int64) throws -> (
        byEmail: [Int64], byAddress: [Int64]
    ) {
        try pool.read { db in
            (
                try Int64.fetchAll(
                    db, sql: "SELECT at FROM login_failure WHERE email = ? AND at >= ? ORDER BY at DESC",
                    arguments: [email, since]),
                try Int64.fetchAll(
                    db, sql: "SELECT at FROM login_failure WHERE address = ? AND at >= ? ORDER BY at DESC",
                    arguments: [address, since])
            )
        }
    }
}
