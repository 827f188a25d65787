import Foundation
import GRDB

/// Every secret the database holds sealed under the master key, to check a key against them and
/// to drop them when the key they were sealed with is lost.
extension KoppelDatabase {
    /// The API keys, ledger tokens, shop access and SMTP password, sealed as stored.
    public func sealedSecrets() throws -> [SealedSecret] {
        try pool.read { db in
            var secrets: [SealedSecret] = []
            for row in try Row.fetchAll(
                db, sql: "SELECT name, license_key, api_key_sealed FROM connection WHERE api_key_sealed IS NOT NULL ORDER BY id")
            {
                let license: String = row["license_key"]
                secrets.append(.apiKey(row["api_key_sealed"], license: license, connection: "\(row["name"] as String) (\(license))"))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.name, c.license_key, l.tokens_sealed
                    FROM connection_ledger l JOIN connection c ON c.id = l.connection_id ORDER BY c.id
                    """)
            {
                let license: String = row["license_key"]
                secrets.append(.ledgerAccess(
                    row["tokens_sealed"], connectionID: row["id"], license: license, connection: "\(row["name"] as String) (\(license))"))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.name, c.license_key, s.access_sealed
                    FROM connection_shop_access s JOIN connection c ON c.id = s.connection_id ORDER BY c.id
                    """)
            {
                let license: String = row["license_key"]
                secrets.append(.shopAccess(
                    row["access_sealed"], connectionID: row["id"], license: license, connection: "\(row["name"] as String) (\(license))"))
            }
            if let password = try Data.fetchOne(db, sql: "SELECT password_sealed FROM mail_settings WHERE id = 1") {
                secrets.append(.mailPassword(password))
            }
            return secrets
        }
    }

    /// Removes secrets that no key opens any more, in one transaction: a connection without API
    /// key or ledger access, an SMTP server without password, each to be set again.
    public func dropSecrets(_ secrets: [SealedSecret], now: Int64) throws {
        try pool.write { db in
            for secret in secrets {
                switch secret.place {
                case .apiKey(let license):
                    try db.execute(
                        sql: "UPDATE connection SET api_key_sealed = NULL, updated_at = ? WHERE license_key = ?", arguments: [now, license])
                case .ledgerAccess(let connectionID):
                    // The ledger's settings stay (connection_ledger_settings): only the credentials go.
                    try db.execute(sql: "DELETE FROM connection_ledger WHERE connection_id = ?", arguments: [connectionID])
                case .shopAccess(let connectionID):
                    try db.execute(sql: "DELETE FROM connection_shop_access WHERE connection_id = ?", arguments: [connectionID])
                case .mailPassword:
                    try db.execute(sql: "UPDATE mail_settings SET password_sealed = NULL, updated_at = ? WHERE id = 1", arguments: [now])
                }
            }
        }
    }
}
