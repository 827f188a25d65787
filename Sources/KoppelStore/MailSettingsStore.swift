import Foundation
import GRDB
import KoppelCore

/// The SMTP server koppel sends its e-mail through, as stored: the password sealed.
public struct StoredMailSettings: Sendable, Equatable {
    public var url: String
    public var sender: String
    public var username: String?
    public var password: String?
    /// `when-offered`, `required` or `none`: STARTTLS.
    public var security: String
    public var caFile: String?

    public init(url: String, sender: String, username: String?, password: String?, security: String, caFile: String?) {
        self.url = url
        self.sender = sender
        self.username = username
        self.password = password
        self.security = security
        self.caFile = caFile
    }
}

extension KoppelDatabase {
    static let mailPasswordContext = "koppel smtp password v1"

    public func setMailSettings(_ settings: StoredMailSettings, sealer: SecretSealer, now: Int64) throws {
        let sealed = try settings.password.map { try sealer.seal($0, context: Self.mailPasswordContext) }
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO mail_settings (id, url, sender, username, password_sealed, security, ca_file, updated_at)
                    VALUES (1, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET url = excluded.url, sender = excluded.sender, username = excluded.username,
                        password_sealed = excluded.password_sealed, security = excluded.security, ca_file = excluded.ca_file,
                        updated_at = excluded.updated_at
                    """,
                arguments: [settings.url, settings.sender, settings.username, sealed, settings.security, settings.caFile, now])
        }
    }

    /// The mail settings with the password opened, nil when none are set.
    public func mailSettings(sealer: SecretSealer) throws -> StoredMailSettings? {
        guard let row = try pool.read({ db in try Row.fetchOne(db, sql: "SELECT * FROM mail_settings WHERE id = 1") }) else {
            return nil
        }
        let sealed: Data? = row["password_sealed"]
        return StoredMailSettings(
            url: row["url"], sender: row["sender"], username: row["username"],
            password: try sealed.map { try sealer.open(.mailPassword($0)) }, security: row["security"],
            caFile: row["ca_file"])
    }
}
