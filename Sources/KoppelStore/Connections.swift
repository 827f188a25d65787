import Foundation
import GRDB
import KoppelCore

/// A connection: one shop pushing into one ledger, identified by its license key.
public struct Connection: Sendable, Equatable {
    public var id: Int64
    public var licenseKey: String
    public var name: String
    public var shop: ShopKind
    public var ledger: LedgerKind
    public var sealedAPIKey: Data?
    public var createdAt: Int64

    init(row: Row) {
        id = row["id"]
        licenseKey = row["license_key"]
        name = row["name"]
        shop = ShopKind(rawValue: row["shop"]) ?? .opencart
        ledger = LedgerKind(rawValue: row["ledger"]) ?? .moneybird
        sealedAPIKey = row["api_key_sealed"]
        createdAt = row["created_at"]
    }
}

extension KoppelDatabase {
    /// Creates a connection with a new license key; it has no API key until one is set.
    public func addConnection(name: String, shop: ShopKind, ledger: LedgerKind, now: Int64) throws -> Connection {
        let license = LicenseKey.generate().value
        return try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (license_key, name, shop, ledger, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [license, name, shop.rawValue, ledger.rawValue, now, now])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE id = ?", arguments: [db.lastInsertedRowID])
            return Connection(row: row!)
        }
    }

    /// Seals `apiKey` under the master key, bound to the license, and stores only the sealed form.
    /// Returns false when no connection has that license.
    public func setAPIKey(_ apiKey: String, license: String, sealer: SecretSealer, now: Int64) throws -> Bool {
        let sealed = try sealer.seal(apiKey, context: Self.apiKeyContext(license: license))
        return try pool.write { db in
            try db.execute(
                sql: "UPDATE connection SET api_key_sealed = ?, updated_at = ? WHERE license_key = ?",
                arguments: [sealed, now, license])
            return db.changesCount == 1
        }
    }

    public func connection(license: String) throws -> Connection? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE license_key = ?", arguments: [license])
                .map(Connection.init(row:))
        }
    }

    public func connections() throws -> [Connection] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connection ORDER BY id").map(Connection.init(row:))
        }
    }

    /// What a sealed API key is bound to.
    public static func apiKeyContext(license: String) -> String {
        "koppel api key v1 " + license
    }
}
