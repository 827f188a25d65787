import Foundation
import GRDB

/// A fetched shop's API access per connection (Mijnwebwinkel's tokens and address): sealed under the
/// master key, bound to the license, as ledger tokens are; the JSON inside is the shop adapter's.
extension KoppelDatabase {
    public func setShopAccess(connection: Connection, accessJSON: String, sealer: SecretSealer, now: Int64) throws {
        let sealed = try sealer.seal(accessJSON, context: Self.shopAccessContext(license: connection.licenseKey))
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection_shop_access (connection_id, access_sealed, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (connection_id) DO UPDATE SET access_sealed = excluded.access_sealed, updated_at = excluded.updated_at
                    """,
                arguments: [connection.id, sealed, now])
        }
    }

    /// The sealed access; nil while none is stored.
    public func sealedShopAccess(connectionID: Int64) throws -> Data? {
        try pool.read { db in
            try Data.fetchOne(db, sql: "SELECT access_sealed FROM connection_shop_access WHERE connection_id = ?", arguments: [connectionID])
        }
    }

    public static func shopAccessContext(license: String) -> String {
        "koppel shop access v1 " + license
    }
}
