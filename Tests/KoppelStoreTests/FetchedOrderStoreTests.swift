import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

/// Orders koppel fetches from a shop's API: kept like pushed ones (text references, versions by
/// content digest), with the cursor moved only together with the orders it led to.
struct FetchedOrderStoreTests {
    func order(_ reference: String, status: String = "2", content: String = "a") -> IncomingOrder {
        IncomingOrder(
            orderReference: reference, status: status, total: Amount(cents: 4745), currencyCode: "EUR",
            dateAdded: "2025-01-01 12:00:00",
            canonicalJSON: Data(#"{"number":"\#(reference)","status":"\#(status)","c":"\#(content)"}"#.utf8))
    }

    @Test func fetchedOrdersAreKeptByTheirTextReferenceAndTheCursorMovesWithThem() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        #expect(try store.database.fetchCursor(connectionID: connection.id) == nil)

        let first = try store.database.storeFetchedOrders(
            [order("MWW-1001"), order("MWW-1002")], connectionID: connection.id, from: nil, to: "1002", now: 10)
        #expect(first == [
            StoredOrder(orderReference: "MWW-1001", result: .created, version: 1),
            StoredOrder(orderReference: "MWW-1002", result: .created, version: 1),
        ])
        #expect(try store.database.fetchCursor(connectionID: connection.id) == "1002")
        let listed = try store.database.orders(license: connection.licenseKey).sorted { $0.id < $1.id }
        #expect(listed.map(\.orderReference) == ["MWW-1001", "MWW-1002"])
        #expect(listed.map(\.status) == ["2", "2"])
        #expect(listed.allSatisfy { $0.state == .received })
        // The booking job sees them as it sees pushed orders.
        #expect(try store.database.ordersToWorkOn(connectionID: connection.id, now: 10).count == 2)

        // Fetched again unchanged: no new version. Changed (a new status): the next version.
        let again = try store.database.storeFetchedOrders(
            [order("MWW-1001"), order("MWW-1002", status: "3")], connectionID: connection.id, from: "1002", to: "1002", now: 20)
        #expect(again.map(\.result) == [.unchanged, .updated])
        #expect(again.map(\.version) == [1, 2])
        #expect(try store.database.counts().orders == 2)
        #expect(try store.database.counts().versions == 3)
        let (summary, versions) = try #require(try store.database.order(id: listed[1].id))
        #expect(summary.status == "3")
        #expect(versions.map(\.status) == ["2", "3"])
        // The fetch shows as the connection's fetch run.
        #expect(try store.database.lastRuns(connectionID: connection.id).map(\.job) == ["fetch"])
    }

    @Test func aFailingBatchStoresNoOrderAndLeavesTheCursor() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        try store.database.storeFetchedOrders([order("MWW-1001")], connectionID: connection.id, from: nil, to: "1001", now: 10)
        // SQLite itself refuses the batch's last order, after the others were written in the
        // same transaction.
        try store.database.pool.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER refuse_bad_order BEFORE INSERT ON shop_order WHEN NEW.order_reference = 'MWW-BAD'
                    BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
        }
        #expect(throws: DatabaseError.self) {
            try store.database.storeFetchedOrders(
                [order("MWW-1001", content: "changed"), order("MWW-1002"), order("MWW-BAD")], connectionID: connection.id,
                from: "1001", to: "1003", now: 20)
        }
        #expect(try store.database.fetchCursor(connectionID: connection.id) == "1001")
        #expect(try store.database.counts().orders == 1)
        #expect(try store.database.counts().versions == 1)
    }

    @Test func aFetchFromACursorThatMovedStoresNothing() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        try store.database.storeFetchedOrders([order("MWW-1001")], connectionID: connection.id, from: nil, to: "1001", now: 10)
        // A second fetcher that read the cursor before the first stored its batch.
        #expect(throws: FetchCursorMoved.self) {
            try store.database.storeFetchedOrders([order("MWW-1002")], connectionID: connection.id, from: nil, to: "1002", now: 11)
        }
        #expect(try store.database.fetchCursor(connectionID: connection.id) == "1001")
        #expect(try store.database.counts().orders == 1)
    }

    @Test func pushedAndFetchedReferencesAreSeparatePerConnection() throws {
        let store = try TemporaryStore()
        let pushing = try store.database.addConnection(name: "OpenCart", shop: .opencart, ledger: .moneybird, now: 1)
        let fetching = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        _ = try store.database.storeOrders(
            [order("1001")], connectionID: pushing.id, signature: AcceptedSignature(bytes: Data("s".utf8), expiresAt: 9), now: 10)
        let fetched = try store.database.storeFetchedOrders([order("1001")], connectionID: fetching.id, from: nil, to: "1001", now: 10)
        #expect(fetched.map(\.result) == [.created])
        #expect(try store.database.fetchCursor(connectionID: pushing.id) == nil)
    }
}
