import Foundation
import GRDB

/// Reset links by mail: a token per request, kept as its SHA-256, used once, valid until its
/// expiry; and the requests per client address, for the limit that keeps the form from flooding
/// mailboxes.
extension KoppelDatabase {
    /// Records a request from `address` for no account, and drops requests older than a day.
    public func recordPasswordResetRequest(address: String, now: Int64) throws {
        try pool.write { db in try Self.recordRequest(db, address: address, now: now) }
    }

    private static func recordRequest(_ db: Database, address: String, now: Int64) throws {
        try db.execute(
            sql: "INSERT INTO password_reset_request (address, at) VALUES (?, ?)", arguments: [address, now])
        try db.execute(sql: "DELETE FROM password_reset_request WHERE at < ?", arguments: [now - 86_400])
    }

    /// How many reset requests came from `address` since `since`.
    public func passwordResetRequestCount(address: String, since: Int64) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM password_reset_request WHERE address = ? AND at >= ?",
                arguments: [address, since]) ?? 0
        }
    }

    /// Records the request from `address` and, in the same transaction (one write, as for an
    /// unknown address), stores a new reset token for the user unless `limit` tokens were made
    /// for them since `since`; false when limited (no token is stored then).
    public func createPasswordReset(
        tokenHash: Data, userID: Int64, address: String, now: Int64, expiresAt: Int64, limit: Int, since: Int64
    ) throws -> Bool {
        try pool.write { db in
            try Self.recordRequest(db, address: address, now: now)
            let recent =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM password_reset WHERE user_id = ? AND created_at >= ?",
                    arguments: [userID, since]) ?? 0
            guard recent < limit else { return false }
            try db.execute(sql: "DELETE FROM password_reset WHERE expires_at < ?", arguments: [now - 86_400])
            try db.execute(
                sql: "INSERT INTO password_reset (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [tokenHash, userID, now, expiresAt])
            return true
        }
    }

    /// Sets a new password with a reset token, in one transaction: the token must be unused and
    /// unexpired; it and the user's other tokens are used up, and every session of the user ends.
    /// The user's id, or nil when the token is unknown, used or expired (nothing changes then).
    public func resetPassword(tokenHash: Data, passwordHash: String, now: Int64) throws -> Int64? {
        try pool.write { db in
            guard
                let userID = try Int64.fetchOne(
                    db,
                    sql:
                        "SELECT user_id FROM password_reset WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
                    arguments: [tokenHash, now])
            else { return nil }
            try db.execute(
                sql: "UPDATE app_user SET password_hash = ? WHERE id = ?", arguments: [passwordHash, userID])
            try db.execute(
                sql: "UPDATE password_reset SET used_at = ? WHERE user_id = ? AND used_at IS NULL",
                arguments: [now, userID])
            try db.execute(sql: "DELETE FROM web_session WHERE user_id = ?", arguments: [userID])
            return userID
        }
    }
}
