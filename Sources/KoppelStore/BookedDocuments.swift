import Foundation
import GRDB
import KoppelCore

/// The figures booked for each order (table `booked_document`), read back in reference order by
/// the reconciler.
extension KoppelDatabase {
    /// Keeps what was booked for an order; part of the transaction that marks it booked.
    static func recordBooked(_ db: Database, orderID: Int64, ledgerID: String, orderVersion: Int64, _ figures: BookedFigures, now: Int64) throws {
        let customer = figures.customer
        try db.execute(
            sql: """
                INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                    booked_at, gross, net, vat, customer_name, customer_email, customer_street, customer_postcode,
                    customer_city, customer_country, customer_vat_number)
                SELECT id, connection_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM shop_order WHERE id = ?
                ON CONFLICT (order_id) DO UPDATE SET reference = excluded.reference, ledger_id = excluded.ledger_id,
                    order_version = excluded.order_version, booking_date = excluded.booking_date,
                    booked_at = excluded.booked_at, gross = excluded.gross, net = excluded.net, vat = excluded.vat,
                    customer_name = excluded.customer_name, customer_email = excluded.customer_email,
                    customer_street = excluded.customer_street, customer_postcode = excluded.customer_postcode,
                    customer_city = excluded.customer_city, customer_country = excluded.customer_country,
                    customer_vat_number = excluded.customer_vat_number, ledger_version_seen = NULL
                """,
            arguments: [
                figures.reference, ledgerID, orderVersion, figures.date, now, figures.gross.value, figures.net.value,
                VATByCodeText.encode(figures.vatByCode), customer?.name, customer?.email, customer?.street,
                customer?.postcode, customer?.city, customer?.country, customer?.vatNumber, orderID,
            ])
        // Booked anew (after a deletion in the ledger): what the reconciler found no longer holds.
        try db.execute(sql: "UPDATE shop_order SET ledger_mismatch = NULL WHERE id = ?", arguments: [orderID])
    }

    /// Keeps the figures of an order booked before they were kept at booking time.
    public func recordBooked(orderID: Int64, ledgerID: String, orderVersion: Int64, _ figures: BookedFigures, now: Int64) throws {
        try pool.write { db in
            try Self.recordBooked(db, orderID: orderID, ledgerID: ledgerID, orderVersion: orderVersion, figures, now: now)
        }
    }

    /// Booked orders without kept figures: booked before koppel kept them.
    public func bookedWithoutFigures(connectionID: Int64) throws -> [OrderInProgress] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.order_reference, o.version, o.examined_version, o.flow, v.payload
                    FROM shop_order o JOIN order_version v ON v.order_id = o.id AND v.version = o.examined_version
                    WHERE o.connection_id = ? AND o.state = 'booked'
                      AND NOT EXISTS (SELECT 1 FROM booked_document b WHERE b.order_id = o.id)
                    """,
                arguments: [connectionID]
            ).map(OrderInProgress.init(row:))
        }
    }

    /// Hands `body` a reader of the orders booked with a date in `period`, in reference order
    /// (SQLite's byte order), all from one snapshot.
    public func withBookedOrders<T>(
        connectionID: Int64, period: DatePeriod, _ body: (BookedOrderReader) throws -> T
    ) throws -> T {
        try pool.read { db in
            let statement = try db.makeStatement(
                sql: Self.bookedSelect + """
                    WHERE b.connection_id = ? AND b.booking_date BETWEEN ? AND ?
                    ORDER BY b.reference
                    """)
            try statement.setArguments([connectionID, period.first, period.last])
            return try body(BookedOrderReader(db: db, connectionID: connectionID, rows: try StatementRows(statement)))
        }
    }

    /// The booked figures with the order's total now, read by position (`ReferenceWalk.Booked`).
    static let bookedSelect = """
        SELECT b.order_id, b.ledger_id, b.reference, b.booking_date, b.gross, b.net, b.vat, b.customer_name,
            b.customer_email, b.customer_street, b.customer_postcode, b.customer_city, b.customer_country,
            b.customer_vat_number, b.order_version, b.booked_at, b.ledger_version_seen, o.version, o.total, o.ledger_mismatch
        FROM booked_document b JOIN shop_order o ON o.id = b.order_id

        """

    /// Whether koppel registered the customer's payment on the order's booking.
    ///
    /// Read from the order's booking flow at reconcile time, not kept beside the figures: the flow
    /// is where the booking job records every step the ledger confirmed (a payment registered
    /// after the order was booked included), so it cannot disagree. A flow of another format or
    /// unreadable gives NULL, read as not registered: that order is in error (`unreadable_state`)
    /// already, and no payment is claimed for it. The steps done are a JSON array of plain names
    /// (`LedgerStep`), so the quoted name is found as a whole element; a `json_each` over them cost
    /// about 40 % more (SQLite alone, 100,000 orders: 0.26 s, 0.18 s).
    ///
    /// Asked per order, only where it matters (`ReferenceWalk`): parsing every order's flow
    /// was a third of reading the booked orders (0.09 s of 0.16 s per 100,000 in SQLite alone).
    static let paymentRegisteredSelect = """
        SELECT CASE WHEN json_valid(flow) AND json_extract(flow, '$.format') = \(BookingFlow.storedFormat)
                THEN instr(json_extract(flow, '$.trail.done'), '"\(LedgerStep.registerPayment.rawValue)"') > 0
            END
        FROM shop_order WHERE id = ?
        """

    /// A row of `bookedSelect` as a value. Its NOT NULL columns read as stored.
    static func bookedOrder(_ row: some RowColumns, paymentRegistered: Bool) -> BookedOrder {
        typealias Column = ReferenceWalk.Booked
        let customer = row.text(Column.customerName).map { name in
            CustomerFields(
                name: name, email: row.text(8) ?? "", street: row.text(9) ?? "", postcode: row.text(10) ?? "",
                city: row.text(11) ?? "", country: row.text(12) ?? "", vatNumber: row.text(13) ?? "")
        }
        let figures = BookedFigures(
            reference: row.text(Column.reference) ?? "", date: row.text(Column.date) ?? "",
            gross: Cents(row.integer(Column.gross) ?? 0), net: Cents(row.integer(Column.net) ?? 0),
            vatByCode: VATByCodeText.decode(row.text(Column.vat) ?? ""), customer: customer)
        // A newer version of the order than the one booked: its total is compared too.
        let totalNow = row.sameInteger(Column.orderVersion, as: row, Column.currentVersion)
            ? nil : row.text(Column.total).flatMap { try? Amount(parsing: $0) }?.cents
        return BookedOrder(
            orderID: row.integer(Column.orderID) ?? 0, ledgerID: row.text(Column.ledgerID) ?? "", figures: figures,
            bookedAt: row.integer(Column.bookedAt) ?? 0, ledgerVersionSeen: row.text(Column.versionSeen),
            shopTotalNow: totalNow, paymentRegistered: paymentRegistered,
            ledgerMismatch: row.text(Column.mismatch))
    }
}

/// The booked orders of a period in reference order (walked by `ReferenceWalk`), and look-ups
/// beside them in the same snapshot.
public struct BookedOrderReader {
    let db: Database
    let connectionID: Int64
    let rows: StatementRows

    /// The order booked under `reference`, whatever its date.
    public func booked(reference: String) throws -> BookedOrder? {
        let statement = try db.cachedStatement(sql: KoppelDatabase.bookedSelect + "WHERE b.connection_id = ? AND b.reference = ?")
        try statement.setArguments([connectionID, reference])
        let found = try StatementRows(statement)
        guard found.hasCurrent else { return nil }
        let orderID = found.current.integer(ReferenceWalk.Booked.orderID) ?? 0
        return KoppelDatabase.bookedOrder(found.current, paymentRegistered: try paymentRegistered(orderID: orderID))
    }

    /// Whether koppel registered the payment of order `orderID` (`paymentRegisteredSelect`).
    func paymentRegistered(orderID: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: KoppelDatabase.paymentRegisteredSelect), arguments: [orderID]) ?? false
    }

    /// The state of the shop's order `orderReference`, nil when koppel does not know it.
    public func orderState(orderReference: String) throws -> String? {
        try String.fetchOne(
            db, sql: "SELECT state FROM shop_order WHERE connection_id = ? AND order_reference = ?", arguments: [connectionID, orderReference])
    }
}

/// VAT per code as one text column: `code␟cents` pairs joined by `␞` (ASCII unit and record
/// separators, which no ledger code contains), read back without a JSON decoder.
public enum VATByCodeText {
    // Both sides of every booking go through here in a reconcile: a million bookings is two
    // million decodes. Working on the UTF-8 bytes, without splitting into arrays of substrings,
    // took decoding from 8.5 % of a full run's CPU samples to 1.8 % (docs/benchmarks.md, "Reconcile").
    private static let unitSeparator = UInt8(0x1F)
    private static let recordSeparator = UInt8(0x1E)

    public static func encode(_ vat: [String: Cents]) -> String {
        var text = ""
        for (index, entry) in vat.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { text.unicodeScalars.append("\u{1E}") }
            text += entry.key
            text.unicodeScalars.append("\u{1F}")
            text += String(entry.value.value)
        }
        return text
    }

    /// The pairs of `text`; a pair without a separator or with cents that are no integer is
    /// skipped, and a code that comes twice is summed.
    public static func decode(_ text: String) -> [String: Cents] {
        var vat: [String: Cents] = [:]
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: recordSeparator) ?? bytes.count
                if let split = bytes[start..<end].firstIndex(of: unitSeparator),
                    let cents = Int64(String(decoding: bytes[(split + 1)..<end], as: UTF8.self))
                {
                    vat[String(decoding: bytes[start..<split], as: UTF8.self), default: .zero] += Cents(cents)
                }
                start = end + 1
            }
        }
        return vat
    }
}
