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
    /// What its bookings' references start with; empty for connections that booked before.
    public var referencePrefix: String

    public var bookingReference: BookingReference { BookingReference(prefix: referencePrefix) }

    /// Throws `UnreadableStoredValue` for a value it cannot read: an unknown shop or ledger is
    /// never taken for OpenCart or Moneybird.
    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        var stored = StoredRow(row, table: "connection", connectionID: id, connection: "#\(id)")
        licenseKey = try stored.value("license_key")
        name = try stored.value("name")
        stored = stored.named("\(name) (\(licenseKey))")
        shop = try stored.kind("shop", as: ShopKind.self)
        ledger = try stored.kind("ledger", as: LedgerKind.self)
        sealedAPIKey = try stored.value("api_key_sealed", as: Data?.self)
        createdAt = try stored.value("created_at")
        referencePrefix = try stored.value("reference_prefix")
    }
}

extension KoppelDatabase {
    /// Creates a connection with a new license key; it has no API key until one is set.
    public func addConnection(name: String, shop: ShopKind, ledger: LedgerKind, now: Int64) throws -> Connection {
        let license = LicenseKey.generate().value
        return try pool.write { db in
            let prefix = try Self.unusedPrefix(db)
            try db.execute(
                sql: """
                    INSERT INTO connection (license_key, name, shop, ledger, created_at, updated_at, reference_prefix)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [license, name, shop.rawValue, ledger.rawValue, now, now, prefix])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE id = ?", arguments: [db.lastInsertedRowID])
            return try Connection(row: row!)
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

    /// Every connection, each read on its own: the jobs go on with the others when one row
    /// cannot be read, and tell that one apart.
    public func connectionsEachRead() throws -> [Result<Connection, UnreadableStoredValue>] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connection ORDER BY id").map { row in
                do {
                    return .success(try Connection(row: row))
                } catch let unreadable as UnreadableStoredValue {
                    return .failure(unreadable)
                }
            }
        }
    }

    /// What a sealed API key is bound to.
    public static func apiKeyContext(license: String) -> String {
        "koppel api key v1 " + license
    }
}
