import Foundation
import GRDB

/// A dashboard account: an e-mail address with a password, seeing only the connections attached.
public struct UserAccount: Sendable, Equatable {
    public var id: Int64
    public var email: String
    /// `scrypt$N$r$p$salt$hash`; read by KoppelAdmin's `PasswordHash`.
    public var passwordHash: String
    /// License keys of the attached connections.
    public var licenses: [String]
}

/// A connection as the dashboard lists it.
public struct ConnectionListing: Sendable, Equatable {
    public var id: Int64
    public var license: String
    public var name: String
    public var shop: String
    public var ledger: String
}

extension KoppelDatabase {
    /// Adds an account; false when the e-mail address has one already.
    public func addUser(email: String, passwordHash: String, now: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO app_user (email, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING",
                arguments: [email, passwordHash, now])
            return db.changesCount == 1
        }
    }

    public enum AttachResult: Sendable, Equatable { case attached, alreadyAttached, noUser, noConnection }

    public func attach(email: String, license: String) throws -> AttachResult {
        try pool.write { db in
            guard let user = try Int64.fetchOne(db, sql: "SELECT id FROM app_user WHERE email = ?", arguments: [email])
            else {
                return .noUser
            }
            guard
                let connection = try Int64.fetchOne(
                    db, sql: "SELECT id FROM connection WHERE license_key = ?", arguments: [license])
            else { return .noConnection }
            try db.execute(
                sql: "INSERT INTO user_connection (user_id, connection_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [user, connection])
            return db.changesCount == 1 ? .attached : .alreadyAttached
        }
    }

    /// Takes a connection away from a user; false when it was not attached (or either is unknown).
    public func detach(email: String, license: String) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: """
                    DELETE FROM user_connection
                    WHERE user_id = (SELECT id FROM app_user WHERE email = ?)
                      AND connection_id = (SELECT id FROM connection WHERE license_key = ?)
                    """,
                arguments: [email, license])
            return db.changesCount == 1
        }
    }

    public func user(email: String) throws -> UserAccount? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE email = ?", arguments: [email])
            else { return nil }
            return try Self.account(db, row: row)
        }
    }

    public func users() throws -> [UserAccount] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY email").map { try Self.account(db, row: $0) }
        }
    }

    private static func account(_ db: Database, row: Row) throws -> UserAccount {
        let id: Int64 = row["id"]
        let licenses = try String.fetchAll(
            db,
            sql: """
                SELECT c.license_key FROM user_connection u JOIN connection c ON c.id = u.connection_id
                WHERE u.user_id = ? ORDER BY c.license_key
                """,
            arguments: [id])
        return UserAccount(id: id, email: row["email"], passwordHash: row["password_hash"], licenses: licenses)
    }

    /// The connections attached to a user, by name.
    public func connections(userID: Int64) throws -> [ConnectionListing] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.license_key, c.name, c.shop, c.ledger FROM user_connection u
                    JOIN connection c ON c.id = u.connection_id WHERE u.user_id = ? ORDER BY c.name, c.id
                    """,
                arguments: [userID]
            ).map {
                ConnectionListing(
                    id: $0["id"], license: $0["license_key"], name: $0["name"], shop: $0["shop"], ledger: $0["ledger"])
            }
        }
    }

    /// The connection with this license when it is attached to the user; nil otherwise, the same
    /// for one that does not exist.
    public func attachedConnection(userID: Int64, license: String) throws -> ConnectionListing? {
        try connections(userID: userID).first { $0.license == license }
    }
}
