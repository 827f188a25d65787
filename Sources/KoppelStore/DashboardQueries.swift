import Foundation
import GRDB
import KoppelCore

/// A booked order as the Geboekt tab lists it.
public struct BookedListing: Sendable, Equatable {
    public var orderID: Int64
    /// The shop's reference of the order.
    public var orderReference: String
    public var reference: String
    public var ledgerID: String
    public var bookingDate: String
    public var bookedAt: Int64
    /// Cents.
    public var gross: Int64
    public var customerName: String?
}

/// Where a page of booked orders starts: after this (booked_at, order id), newest first.
public struct BookedCursor: Sendable, Equatable {
    public var bookedAt: Int64
    public var orderID: Int64

    public init(bookedAt: Int64, orderID: Int64) {
        self.bookedAt = bookedAt
        self.orderID = orderID
    }
}

/// An order koppel has not booked, with its stored booking state (the Fouten and Open tabs).
public struct UnbookedListing: Sendable {
    public var orderID: Int64
    public var orderReference: String
    public var state: OrderState
    public var total: String
    public var currencyCode: String
    public var updatedAt: Int64
    public var notBefore: Int64
    /// The booking state; an error when it cannot be read.
    public var flow: Result<BookingFlow, any Error>
    /// Set when the reconciler found the ledger's booking differing.
    public var ledgerMismatch: String?
}

extension KoppelDatabase {
    /// One page of booked orders of a connection with a booking date in `from...to` (either may
    /// be nil), newest booked first.
    public func bookedPage(connectionID: Int64, from: String?, to: String?, after: BookedCursor?, limit: Int) throws
        -> [BookedListing]
    {
        var sql = """
            SELECT b.order_id, o.order_reference, b.reference, b.ledger_id, b.booking_date, b.booked_at, b.gross, b.customer_name
            FROM booked_document b JOIN shop_order o ON o.id = b.order_id WHERE b.connection_id = ?
            """
        var arguments: StatementArguments = [connectionID]
        if let from {
            sql += " AND b.booking_date >= ?"
            arguments += [from]
        }
        if let to {
            sql += " AND b.booking_date <= ?"
            arguments += [to]
        }
        if let after {
            sql += " AND (b.booked_at, b.order_id) < (?, ?)"
            arguments += [after.bookedAt, after.orderID]
        }
        sql += " ORDER BY b.booked_at DESC, b.order_id DESC LIMIT ?"
        arguments += [limit]
        return try pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                BookedListing(
                    orderID: row["order_id"], orderReference: row["order_reference"], reference: row["reference"],
                    ledgerID: row["ledger_id"], bookingDate: row["booking_date"], bookedAt: row["booked_at"],
                    gross: row["gross"], customerName: row["customer_name"])
            }
        }
    }

    /// Orders of a connection in error (the reconciler's differences included), or open and
    /// waiting ones, most recently changed first.
    public func unbooked(connectionID: Int64, errors: Bool, limit: Int = 500) throws -> [UnbookedListing] {
        let condition =
            errors
            ? "(state = 'error' OR ledger_mismatch IS NOT NULL)" : "state IN ('open', 'waiting', 'received', 'queued')"
        return try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, order_reference, state, total, currency_code, updated_at, not_before, flow, ledger_mismatch
                    FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = ? AND \(condition) AND \(OrdersNeedingAttention.condition())
                    ORDER BY updated_at DESC, id DESC LIMIT ?
                    """,
                arguments: [connectionID, limit]
            ).map { row in
                let json: String? = row["flow"]
                let flow = Result<BookingFlow, any Error> {
                    guard let json else { return BookingFlow() }
                    return try JSONDecoder().decode(BookingFlow.self, from: Data(json.utf8))
                }
                return UnbookedListing(
                    orderID: row["id"], orderReference: row["order_reference"],
                    state: OrderState(rawValue: row["state"]) ?? .received,
                    total: row["total"], currencyCode: row["currency_code"], updatedAt: row["updated_at"],
                    notBefore: row["not_before"] ?? 0, flow: flow, ledgerMismatch: row["ledger_mismatch"])
            }
        }
    }

    /// The connection an order belongs to, by license key; nil when there is no such order.
    public func orderLicense(orderID: Int64) throws -> String? {
        try pool.read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT c.license_key FROM shop_order o JOIN connection c ON c.id = o.connection_id WHERE o.id = ?",
                arguments: [orderID])
        }
    }
}
