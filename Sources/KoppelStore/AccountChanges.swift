import Foundation
import GRDB

/// What a user changes of their own account in Profiel.
extension KoppelDatabase {
    public enum EmailChange: Sendable, Equatable { case changed, taken }

    /// The account's new e-mail address; `.taken` when another account has it (compared without case).
    public func changeEmail(userID: Int64, to email: String) throws -> EmailChange {
        try pool.write { db in
            let taken =
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM app_user WHERE email = ? AND id != ?)",
                    arguments: [email, userID]) ?? false
            guard !taken else { return .taken }
            try db.execute(sql: "UPDATE app_user SET email = ? WHERE id = ?", arguments: [email, userID])
            return .changed
        }
    }

    public func user(id: Int64) throws -> UserAccount? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?", arguments: [id])
            else { return nil }
            return UserAccount(id: id, email: row["email"], passwordHash: row["password_hash"], licenses: [])
        }
    }

    /// A new password; every session of the user but `keeping` (the one that changed it) ends.
    public func changePassword(userID: Int64, passwordHash: String, keeping sessionHash: Data) throws {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE app_user SET password_hash = ? WHERE id = ?", arguments: [passwordHash, userID])
            try db.execute(
                sql: "DELETE FROM web_session WHERE user_id = ? AND token_hash != ?", arguments: [userID, sessionHash])
        }
    }
}
