import GRDB

extension KoppelDatabase {
    /// The ledger contact id remembered for a customer e-mail (lower case) in an administration.
    public func ledgerContactID(email: String, administration: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT contact_id FROM ledger_contact WHERE administration = ? AND email = ?",
                arguments: [administration, email])
        }
    }

    public func rememberLedgerContact(_ contactID: String, email: String, administration: String) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ledger_contact (administration, email, contact_id) VALUES (?, ?, ?)
                    ON CONFLICT (administration, email) DO UPDATE SET contact_id = excluded.contact_id
                    """,
                arguments: [administration, email, contactID])
        }
    }

    public func forgetLedgerContact(email: String, administration: String) throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM ledger_contact WHERE administration = ? AND email = ?", arguments: [administration, email])
        }
    }
}
