import Foundation
import GRDB
import KoppelCore

/// The ledger's bookings of one reconcile run, in a scratch SQLite file beside the database: the
/// ledger hands them over in its own order, and the reconciler needs them by reference without
/// holding them in memory. Also collects, per booked order compared, the version seen and the
/// mismatch found, to be applied to the database in one short write at the end.
public final class LedgerSnapshot {
    /// The ledger's bookings, read while findings are written: a second file for those.
    let queue: DatabaseQueue
    let results: DatabaseQueue
    public let path: String
    var resultsPath: String { path + "-results" }
    var pending = 0
    private var pendingResults = 0
    /// The ledger's bookings in the file: added, and taken from the kept copies.
    var bookingCount = 0
    /// Bookings added and not yet written (`writeBookings`).
    private var unwritten: [LedgerBooking] = []
    /// Ids and versions from the ledger's list not yet written (`writeVersions`).
    var unwrittenVersions: [(id: String, version: String)] = []
    /// Orders compared whose version seen or mismatch is not written yet (`writeCompared`).
    private var unwrittenCompared: [(orderID: Int64, versionSeen: String?, mismatch: String?)] = []

    public init(path: String) throws {
        self.path = path
        for file in [path, path + "-results"] { try? FileManager.default.removeItem(atPath: file) }
        var configuration = Configuration()
        // Writes go in transactions of 10,000 that span calls (`commitEvery`).
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            // Scratch data: a crash loses nothing that the next run does not read again.
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        results = try DatabaseQueue(path: path + "-results", configuration: configuration)
        try queue.inDatabase { db in
            try db.execute(
                sql: """
                    CREATE TABLE ledger_booking (
                        reference TEXT NOT NULL, id TEXT NOT NULL, date TEXT NOT NULL, gross INTEGER NOT NULL,
                        net INTEGER NOT NULL, vat TEXT NOT NULL, version TEXT NOT NULL, has_customer INTEGER NOT NULL,
                        name TEXT, email TEXT, street TEXT, postcode TEXT, city TEXT, country TEXT, vat_number TEXT,
                        payment_state TEXT, paid INTEGER, unpaid INTEGER, credit_of TEXT, edited_at INTEGER,
                        fresh INTEGER NOT NULL DEFAULT 1
                    );
                    CREATE TABLE ledger_version (id TEXT PRIMARY KEY, version TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE to_read (id TEXT NOT NULL);
                    BEGIN;
                    """)
        }
        try results.inDatabase { db in
            try db.execute(
                sql: """
                    CREATE TABLE compared (
                        order_id INTEGER PRIMARY KEY, version_seen TEXT, mismatch TEXT
                    );
                    CREATE TABLE finding (
                        date TEXT NOT NULL, reference TEXT NOT NULL, ledger_id TEXT NOT NULL, order_id INTEGER,
                        kind_order INTEGER NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL, shop TEXT, ledger TEXT,
                        difference INTEGER, hint TEXT NOT NULL
                    );
                    BEGIN;
                    """)
        }
    }

    deinit {
        try? queue.close()
        try? results.close()
        for file in [path, resultsPath] { try? FileManager.default.removeItem(atPath: file) }
    }

    /// Adds one booking read from the ledger (`fresh`). Written 100 at a time, in transactions of
    /// 10,000.
    public func add(_ booking: LedgerBooking) throws {
        bookingCount += 1
        unwritten.append(booking)
        if unwritten.count >= 100 { try writeBookings() }
    }

    /// Writes the bookings added since the last write, in one visit to the scratch file: a visit
    /// per booking (GRDB's queue and its statement cache) cost about as much as the insert.
    func writeBookings() throws {
        guard !unwritten.isEmpty else { return }
        try queue.inDatabase { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO ledger_booking VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")
            for booking in unwritten { try insert(booking, with: statement, db) }
        }
        unwritten.removeAll(keepingCapacity: true)
    }

    private func insert(_ booking: LedgerBooking, with statement: Statement, _ db: Database) throws {
        let customer = booking.customer.map(CustomerFields.init)
        let payment = booking.payment
        var insert = BoundInsert(statement)
        insert.bind(booking.reference)
        insert.bind(booking.id)
        insert.bind(booking.date)
        insert.bind(booking.gross.value)
        insert.bind(booking.net.value)
        insert.bind(VATByCodeText.encode(booking.vatByCode))
        insert.bind(booking.version)
        insert.bind(customer != nil)
        insert.bind(customer?.name)
        insert.bind(customer?.email)
        insert.bind(customer?.street)
        insert.bind(customer?.postcode)
        insert.bind(customer?.city)
        insert.bind(customer?.country)
        insert.bind(customer?.vatNumber)
        insert.bind(payment?.state)
        insert.bind(payment?.isPaid)
        insert.bind(payment?.unpaid.value)
        insert.bind(booking.creditOf)
        insert.bind(booking.editedAt)
        try insert.run(db)
        try Self.commitEvery(db, &pending)
    }

    /// Notes, for a booked order compared in this run, the ledger version seen and its mismatch.
    /// Written 1,000 at a time: a run before any other notes every order it compares.
    public func compared(orderID: Int64, versionSeen: String?, mismatch: String?) throws {
        unwrittenCompared.append((orderID, versionSeen, mismatch))
        if unwrittenCompared.count >= 1_000 { try writeCompared() }
    }

    private func writeCompared() throws {
        guard !unwrittenCompared.isEmpty else { return }
        try results.inDatabase { db in
            // A note for an order noted before replaces it: the last one counts.
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO compared VALUES (?, ?, ?)")
            for (orderID, versionSeen, mismatch) in unwrittenCompared {
                var insert = BoundInsert(statement)
                insert.bind(orderID)
                insert.bind(versionSeen)
                insert.bind(mismatch)
                try insert.run(db)
                try Self.commitEvery(db, &pendingResults)
            }
        }
        unwrittenCompared.removeAll(keepingCapacity: true)
    }

    /// Keeps a finding for the report, which lists them by date and order number.
    public func add(_ finding: Finding) throws {
        try results.inDatabase { db in
            try db.cachedStatement(sql: "INSERT INTO finding VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
                finding.date, finding.reference, finding.ledgerID, finding.orderID,
                Finding.Kind.allCases.firstIndex(of: finding.kind) ?? 0, finding.kind.rawValue, finding.field,
                Self.encode(finding.shop), Self.encode(finding.ledger), finding.difference?.value, finding.hint,
            ])
            try Self.commitEvery(db, &pendingResults)
        }
    }

    /// The findings by date, order number (numbers in numeric order) and kind.
    public func withSortedFindings<T>(_ body: (_ next: () throws -> Finding?) throws -> T) throws -> T {
        try results.inDatabase { db in
            try db.execute(sql: "COMMIT; BEGIN")
            let rows = try Row.fetchCursor(
                db, sql: "SELECT * FROM finding ORDER BY date, length(reference), reference, kind_order, field, ledger_id")
            return try body {
                try rows.next().map { row in
                    let difference: Int64? = row["difference"]
                    return Finding(
                        reference: row["reference"], date: row["date"], ledgerID: row["ledger_id"], orderID: row["order_id"],
                        kind: Finding.Kind(rawValue: row["kind"]) ?? .changed, field: row["field"],
                        shop: Self.decode(row["shop"]), ledger: Self.decode(row["ledger"]),
                        difference: difference.map(Cents.init), hint: row["hint"])
                }
            }
        }
    }

    private static func encode(_ value: Finding.Value) -> String? {
        switch value {
        case .none: return nil
        case .cents(let cents): return "c\(cents.value)"
        case .text(let text): return "t" + text
        }
    }

    private static func decode(_ text: String?) -> Finding.Value {
        guard let text, let tag = text.first else { return .none }
        let rest = String(text.dropFirst())
        return tag == "c" ? Int64(rest).map { .cents(Cents($0)) } ?? .none : .text(rest)
    }

    static func commitEvery(_ db: Database, _ pending: inout Int) throws {
        pending += 1
        if pending >= 10_000 {
            try db.execute(sql: "COMMIT; BEGIN")
            pending = 0
        }
    }

    /// Hands `body` the ledger's bookings in reference order, for `ReferenceWalk`.
    public func withSortedBookings<T>(_ body: (SortedLedgerBookings) throws -> T) throws -> T {
        try writeBookings()
        return try queue.inDatabase { db in
            // Sorted once by SQLite's sorter (runs spilled to temporary files, memory stays flat):
            // at 1,000,000 bookings a third cheaper than an index walked with a table look-up a row.
            let statement = try db.makeStatement(sql: "SELECT \(Self.bookingColumns) FROM ledger_booking ORDER BY reference, id")
            return try body(SortedLedgerBookings(rows: try RowStream(statement)))
        }
    }

    /// Ends the writes, so that the database can attach the file and apply them.
    public func finish() throws {
        try writeVersions()
        try writeBookings()
        try writeCompared()
        try results.inDatabase { try $0.execute(sql: "COMMIT") }
        try queue.inDatabase { try $0.execute(sql: "COMMIT") }
    }

    /// The columns `booking(_:)` reads, by position (`ReferenceWalk.Held`).
    private static let bookingColumns = """
        reference, id, date, gross, net, vat, version, has_customer, name, email, street, postcode, city, country,
        vat_number, payment_state, paid, unpaid, credit_of, edited_at
        """

    /// A row of `bookingColumns` as a value. Its NOT NULL columns read as stored.
    static func booking(_ row: some RowColumns) -> LedgerBooking {
        typealias Column = ReferenceWalk.Held
        let customer = row.integer(Column.hasCustomer) ?? 0 != 0 ? BookingCustomer(
            firstName: "", lastName: "", company: row.text(8), email: row.text(9) ?? "", street: row.text(10) ?? "",
            postcode: row.text(11) ?? "", city: row.text(12) ?? "", countryCode: row.text(13) ?? "", vatNumber: row.text(14)) : nil
        let payment = row.text(Column.paymentState).map { state in
            LedgerPayment(state: state, isPaid: row.integer(Column.paid) ?? 0 != 0, unpaid: Cents(row.integer(Column.unpaid) ?? 0))
        }
        return LedgerBooking(
            id: row.text(Column.id) ?? "", reference: row.text(Column.reference) ?? "", date: row.text(Column.date) ?? "",
            gross: Cents(row.integer(Column.gross) ?? 0), net: Cents(row.integer(Column.net) ?? 0),
            vatByCode: VATByCodeText.decode(row.text(Column.vat) ?? ""), customer: customer,
            version: row.text(Column.version) ?? "", editedAt: row.integer(Column.editedAt), payment: payment,
            creditOf: row.text(Column.creditOf))
    }
}

/// The ledger's bookings of a run in reference order, read by `ReferenceWalk`.
public final class SortedLedgerBookings {
    let rows: RowStream

    init(rows: RowStream) {
        self.rows = rows
    }
}

extension KoppelDatabase {
    /// Applies what a run found to the orders it compared: the ledger versions seen, and the
    /// mismatch shown with the order's errors (cleared where the booking now matches).
    ///
    /// - Parameter copies: for a ledger that lists what changed (`LedgerChanges`), the connection
    ///   and period whose kept copies of the ledger's bookings are brought up to this run's read.
    public func apply(_ snapshot: LedgerSnapshot, keepingCopiesOf copies: (connectionID: Int64, period: DatePeriod)? = nil) throws {
        try snapshot.finish()
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS run", arguments: [snapshot.resultsPath])
            defer { try? db.execute(sql: "DETACH DATABASE run") }
            if copies != nil { try db.execute(sql: "ATTACH DATABASE ? AS read", arguments: [snapshot.path]) }
            defer { if copies != nil { try? db.execute(sql: "DETACH DATABASE read") } }
            try db.inTransaction {
                if let copies {
                    try Self.keepCopies(db, connectionID: copies.connectionID, period: copies.period, bookingsRead: snapshot.bookingCount)
                }
                try db.execute(
                    sql: """
                        UPDATE booked_document SET ledger_version_seen = c.version_seen
                        FROM run.compared c
                        WHERE booked_document.order_id = c.order_id AND c.version_seen IS NOT NULL
                          AND booked_document.ledger_version_seen IS NOT c.version_seen;
                        UPDATE shop_order SET ledger_mismatch = c.mismatch
                        FROM run.compared c
                        WHERE shop_order.id = c.order_id AND shop_order.ledger_mismatch IS NOT c.mismatch;
                        """)
                return .commit
            }
        }
    }
}
