import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

/// The orders waiting to be booked without a person, and the rolling requests per order the
/// booking job records, in a real SQLite file.
struct WaitingOrdersTests {
    static func order(_ id: Int) -> IncomingOrder {
        IncomingOrder(
            orderReference: String(id), status: "2", total: Amount(cents: 4085), currencyCode: "EUR",
            dateAdded: "2026-11-22 23:37:28", canonicalJSON: Data("{\"id\":\(id)}".utf8))
    }

    /// Sets an order's booking columns as the job would leave them.
    static func set(_ database: KoppelDatabase, reference: Int, state: String, examined: Bool = true, notBefore: Int64 = 0) throws {
        try database.pool.write { db in
            try db.execute(
                sql: """
                    UPDATE shop_order SET state = ?, not_before = ?, examined_version = CASE WHEN ? THEN version ELSE 0 END
                    WHERE order_reference = ?
                    """,
                arguments: [state, notBefore, examined, String(reference)])
        }
    }

    @Test func ordersThatWaitForThePaceAreCountedThoseThatNeedAPersonAreNot() throws {
        let store = try TemporaryStore()
        let database = store.database
        let connection = try database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let other = try database.addConnection(name: "Other", shop: .opencart, ledger: .minox, now: 1)
        _ = try database.storeOrders((1...11).map(Self.order), connectionID: connection.id,
            signature: AcceptedSignature(bytes: Data("s1".utf8), expiresAt: 9_999), now: 10)
        _ = try database.storeOrders([Self.order(1)], connectionID: other.id,
            signature: AcceptedSignature(bytes: Data("s2".utf8), expiresAt: 9_999), now: 10)

        // 1: received, never examined. Counted:
        try Self.set(database, reference: 2, state: "queued")
        try Self.set(database, reference: 3, state: "booking")
        try Self.set(database, reference: 4, state: "waiting", notBefore: 500)  // the rate limit
        try Self.set(database, reference: 5, state: "waiting", notBefore: 900)  // a retry's backoff
        try Self.set(database, reference: 6, state: "error", examined: false)  // a new version of an order in error
        try Self.set(database, reference: 7, state: "open", examined: false)  // a new version of an open order
        // Not counted: a person must act, the status is not booked, or it is booked.
        try Self.set(database, reference: 8, state: "error")
        try Self.set(database, reference: 9, state: "open")
        try Self.set(database, reference: 10, state: "booked")
        try Self.set(database, reference: 11, state: "booked", examined: false)

        #expect(try database.waitingToBeBooked(connectionID: connection.id) == WaitingOrders(count: 7, notBefore: 900))
        #expect(try database.waitingToBeBooked(connectionID: other.id) == WaitingOrders(count: 1, notBefore: 0))
        let empty = try database.addConnection(name: "Empty", shop: .opencart, ledger: .moneybird, now: 1)
        #expect(try database.waitingToBeBooked(connectionID: empty.id) == WaitingOrders(count: 0, notBefore: 0))
    }

    @Test func theRequestsPerOrderRollOverTheNewestTwoHundredOrders() throws {
        let store = try TemporaryStore()
        let database = store.database
        let connection = try database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let other = try database.addConnection(name: "Other", shop: .opencart, ledger: .moneybird, now: 1)
        #expect(try database.bookingPace(connectionID: connection.id) == nil)

        // 90 slices of 10 new customers at 5 requests each, then 20 slices of returning ones at 3.
        for _ in 0..<90 { try database.recordBookingPace(connectionID: connection.id, BookingPace(orders: 10, requests: 50), now: 20) }
        #expect(try database.bookingPace(connectionID: connection.id) == BookingPace(orders: 200, requests: 1000))
        for _ in 0..<20 { try database.recordBookingPace(connectionID: connection.id, BookingPace(orders: 10, requests: 30), now: 30) }
        // The newest 200 orders are all returning ones: the older figure is gone from it.
        #expect(try database.bookingPace(connectionID: connection.id) == BookingPace(orders: 200, requests: 600))
        // A run's last small slice and a slice of only failed requests count too.
        try database.recordBookingPace(connectionID: connection.id, BookingPace(orders: 3, requests: 9), now: 40)
        try database.recordBookingPace(connectionID: connection.id, BookingPace(orders: 0, requests: 4), now: 41)
        #expect(try database.bookingPace(connectionID: connection.id) == BookingPace(orders: 203, requests: 613))
        // Nothing done records nothing; another connection's figures are its own.
        try database.recordBookingPace(connectionID: connection.id, BookingPace(orders: 0, requests: 0), now: 42)
        try database.recordBookingPace(connectionID: other.id, BookingPace(orders: 1, requests: 5), now: 42)
        #expect(try database.bookingPace(connectionID: other.id) == BookingPace(orders: 1, requests: 5))

        // Old slices are dropped: at most 100 kept per connection.
        let kept = try database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking_pace WHERE connection_id = ?", arguments: [connection.id])
        }
        #expect(kept == 100)
    }
}
