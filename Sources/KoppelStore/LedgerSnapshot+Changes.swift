import Foundation
import GRDB
import KoppelCore

/// The incremental read: the ledger's ids and versions go into the scratch file, the bookings
/// whose version is the one kept (`ledger_copy`, v20) are taken from the copy, and only the rest
/// are read from the ledger again. The scratch then holds what a full read would have handed over,
/// so the comparison that follows is the same whichever way the bookings were read.
extension LedgerSnapshot {
    /// Adds one id and version from the ledger's list. Written 1,000 at a time (as the bookings,
    /// `writeBookings`), in transactions of 10,000.
    public func add(_ id: String, version: String) throws {
        unwrittenVersions.append((id, version))
        if unwrittenVersions.count >= 1_000 { try writeVersions() }
    }

    func writeVersions() throws {
        guard !unwrittenVersions.isEmpty else { return }
        try queue.inDatabase { db in
            // A list with an id twice (a page shifted under it) keeps the last.
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO ledger_version VALUES (?, ?)")
            for (id, version) in unwrittenVersions {
                var insert = BoundInsert(statement)
                insert.bind(id)
                insert.bind(version)
                try insert.run(db)
                try Self.commitEvery(db, &pending)
            }
        }
        unwrittenVersions.removeAll(keepingCapacity: true)
    }

    /// Takes the bookings whose listed version is the one kept for the connection in the database
    /// at `databasePath`, and notes the other ids to be read again.
    public func takeUnchanged(fromDatabaseAt databasePath: String, connectionID: Int64) throws -> (unchanged: Int, toRead: Int) {
        try writeVersions()
        try writeBookings()
        return try queue.inDatabase { db in
            try db.execute(sql: "COMMIT")
            try db.execute(sql: "ATTACH DATABASE ? AS store", arguments: [databasePath])
            defer { try? db.execute(sql: "DETACH DATABASE store") }
            try db.execute(sql: "BEGIN")
            try db.execute(
                sql: """
                    INSERT INTO ledger_booking (reference, id, date, gross, net, vat, version, has_customer, name, email, street,
                        postcode, city, country, vat_number, payment_state, paid, unpaid, credit_of, edited_at, fresh)
                    SELECT c.reference, c.id, c.date, c.gross, c.net, c.vat, c.version, c.has_customer, c.name, c.email, c.street,
                        c.postcode, c.city, c.country, c.vat_number, c.payment_state, c.paid, c.unpaid, c.credit_of, c.edited_at, 0
                    FROM ledger_version v JOIN store.ledger_copy c ON c.connection_id = ? AND c.id = v.id AND c.version = v.version
                    """,
                arguments: [connectionID])
            let unchanged = db.changesCount
            bookingCount += unchanged
            try db.execute(
                sql: """
                    INSERT INTO to_read (id) SELECT v.id FROM ledger_version v
                    WHERE NOT EXISTS (
                        SELECT 1 FROM store.ledger_copy c WHERE c.connection_id = ? AND c.id = v.id AND c.version = v.version)
                    """,
                arguments: [connectionID])
            let toRead = db.changesCount
            try db.execute(sql: "COMMIT")
            try db.execute(sql: "BEGIN")
            pending = 0
            return (unchanged, toRead)
        }
    }

    /// Hands `body` the ids to read again, `batch` at a time; `body` may add bookings meanwhile.
    public func idsToRead(batch: Int, _ body: ([String]) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let rows = try queue.inDatabase { db in
                try Row.fetchAll(
                    db, sql: "SELECT rowid, id FROM to_read WHERE rowid > ? ORDER BY rowid LIMIT ?", arguments: [after, batch])
            }
            guard let last = rows.last else { return }
            after = last["rowid"]
            try body(rows.map { $0["id"] })
        }
    }
}

extension KoppelDatabase {
    /// Brings the connection's kept copies up to a run's read (attached as `read`, `bookingsRead`
    /// rows): the bookings read afresh replace their copies where the version differs, and the
    /// copies of the period the ledger no longer lists there go (deleted, or dated elsewhere now).
    ///
    /// After the first step every booking read has its copy, dated in the period. So copies
    /// can be gone only when the period holds more copies than bookings were read; counting them
    /// walks an index, where finding which ones are gone builds a lookup of every id read
    /// (about 1 s of a million-booking run). A booking listed twice in one read (a page shifted
    /// under it) can hide a gone copy until a later run; no run reads a copy the ledger does not
    /// list (`takeUnchanged`), so it only takes room until then.
    static func keepCopies(_ db: Database, connectionID: Int64, period: DatePeriod, bookingsRead: Int) throws {
        try db.execute(
            sql: """
                INSERT INTO ledger_copy (connection_id, id, reference, date, gross, net, vat, version, has_customer, name, email,
                    street, postcode, city, country, vat_number, payment_state, paid, unpaid, credit_of, edited_at)
                SELECT ?, id, reference, date, gross, net, vat, version, has_customer, name, email, street, postcode, city,
                    country, vat_number, payment_state, paid, unpaid, credit_of, edited_at
                FROM read.ledger_booking WHERE fresh = 1
                ON CONFLICT (connection_id, id) DO UPDATE SET reference = excluded.reference, date = excluded.date,
                    gross = excluded.gross, net = excluded.net, vat = excluded.vat, version = excluded.version,
                    has_customer = excluded.has_customer, name = excluded.name, email = excluded.email,
                    street = excluded.street, postcode = excluded.postcode, city = excluded.city, country = excluded.country,
                    vat_number = excluded.vat_number, payment_state = excluded.payment_state, paid = excluded.paid,
                    unpaid = excluded.unpaid, credit_of = excluded.credit_of, edited_at = excluded.edited_at
                WHERE ledger_copy.version IS NOT excluded.version
                """,
            arguments: [connectionID])
        let copies = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM ledger_copy WHERE connection_id = ? AND date BETWEEN ? AND ?",
            arguments: [connectionID, period.first, period.last]) ?? 0
        guard copies > bookingsRead else { return }
        try db.execute(
            sql: """
                DELETE FROM ledger_copy WHERE connection_id = ? AND date BETWEEN ? AND ?
                    AND id NOT IN (SELECT id FROM read.ledger_booking)
                """,
            arguments: [connectionID, period.first, period.last])
    }
}
