import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

struct OrderStoreTests {
    func order(_ id: Int64, status: Int64 = 2, content: String = "a") -> IncomingOrder {
        IncomingOrder(
            orderReference: String(id), status: String(status), total: Amount(cents: 4085), currencyCode: "EUR",
            dateAdded: "2026-11-22 23:37:28", canonicalJSON: Data("{\"id\":\(id),\"status\":\(status),\"c\":\"\(content)\"}".utf8))
    }

    var signatureCounter = 0
    mutating func signature() -> AcceptedSignature {
        signatureCounter += 1
        return AcceptedSignature(bytes: Data("sig-\(signatureCounter)-\(UUID())".utf8), expiresAt: 2_000)
    }

    @Test mutating func createsThenRecognisesRepeatsThenVersionsChanges() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)

        let first = try store.database.storeOrders([order(1), order(2)], connectionID: connection.id, signature: signature(), now: 10)
        #expect(first == [.init(orderReference: "1", result: .created, version: 1), .init(orderReference: "2", result: .created, version: 1)])

        let repeated = try store.database.storeOrders([order(1), order(2)], connectionID: connection.id, signature: signature(), now: 11)
        #expect(repeated.map(\.result) == [.unchanged, .unchanged])

        let changed = try store.database.storeOrders([order(1, status: 3)], connectionID: connection.id, signature: signature(), now: 12)
        #expect(changed == [.init(orderReference: "1", result: .updated, version: 2)])

        let counts = try store.database.counts()
        #expect(counts.orders == 2)
        #expect(counts.versions == 3)
        let (summary, versions) = try #require(try store.database.order(id: 1))
        #expect(summary.status == "3")
        #expect(summary.version == 2)
        #expect(versions.map(\.status) == ["2", "3"])
        #expect(try versions[0].payload.get() == "{\"id\":1,\"status\":2,\"c\":\"a\"}")
    }

    @Test mutating func aReplayedSignatureStoresNothing() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let used = signature()
        _ = try store.database.storeOrders([order(1)], connectionID: connection.id, signature: used, now: 10)
        #expect(throws: ReplayedSignature.self) {
            try store.database.storeOrders([self.order(2), self.order(3)], connectionID: connection.id, signature: used, now: 11)
        }
        #expect(try store.database.counts().orders == 1)
        #expect(throws: ReplayedSignature.self) { try store.database.acceptSignature(used, now: 12) }
    }

    @Test mutating func aBatchIsStoredWholeOrNotAtAll() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        // The last order of the batch points at a connection that does not exist: the foreign key
        // fails on it, after two orders were already written in the same transaction.
        #expect(throws: DatabaseError.self) {
            try store.database.storeOrders([order(1), order(2)], connectionID: connection.id + 99, signature: signature(), now: 10)
        }
        #expect(try store.database.counts().orders == 0)
        #expect(try store.database.counts().versions == 0)
    }

    @Test mutating func ordersOfConnectionsAreSeparate() throws {
        let store = try TemporaryStore()
        let one = try store.database.addConnection(name: "One", shop: .opencart, ledger: .moneybird, now: 1)
        let two = try store.database.addConnection(name: "Two", shop: .opencart, ledger: .minox, now: 1)
        _ = try store.database.storeOrders([order(1)], connectionID: one.id, signature: signature(), now: 10)
        let other = try store.database.storeOrders([order(1)], connectionID: two.id, signature: signature(), now: 10)
        #expect(other.map(\.result) == [.created])
        #expect(try store.database.orders(license: one.licenseKey).count == 1)
        #expect(try store.database.orders(license: two.licenseKey).map(\.connectionName) == ["Two"])
        #expect(try store.database.orders(state: .booked).isEmpty)
        #expect(try store.database.orders(state: .received).count == 2)
    }

    /// A signature as koppel-fcgi stores it: the 64 lower-case hex digits of the header after `v1=`.
    static func storedSignature(_ number: Int, expiresAt: Int64) -> AcceptedSignature {
        let header = RequestSignature.sign(
            apiKey: "Koppel!Test#Key(2026)=", timestamp: "\(number)", method: "GET", path: "/api/v1/ping?n=\(number)", body: Data())
        return AcceptedSignature(bytes: Data(header.utf8.dropFirst(RequestSignature.headerPrefix.utf8.count)), expiresAt: expiresAt)
    }

    @Test func expiredSignaturesAreForgotten() throws {
        let store = try TemporaryStore()
        for number in 1...20 { try store.database.acceptSignature(Self.storedSignature(number, expiresAt: 100), now: 50) }
        try store.database.acceptSignature(Self.storedSignature(21, expiresAt: 300), now: 50)
        func remaining() throws -> Int? {
            try store.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accepted_signature") }
        }
        #expect(try remaining() == 21)
        // At 200 the first twenty have expired: the next accepted signature takes them away.
        try store.database.acceptSignature(Self.storedSignature(22, expiresAt: 900), now: 200)
        #expect(try remaining() == 2)
        // One not expired yet is still refused as a replay.
        #expect(throws: ReplayedSignature.self) { try store.database.acceptSignature(Self.storedSignature(21, expiresAt: 300), now: 200) }
    }

    @Test mutating func settingsAreVersionedLikeOrders() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        #expect(try !store.database.hasSettings(connectionID: connection.id))
        let a = Data("{\"a\":1}".utf8)
        let b = Data("{\"a\":2}".utf8)
        #expect(try store.database.storeSettings(canonicalJSON: a, connectionID: connection.id, signature: signature(), now: 1) == (.created, 1))
        #expect(try store.database.storeSettings(canonicalJSON: a, connectionID: connection.id, signature: signature(), now: 2) == (.unchanged, 1))
        #expect(try store.database.storeSettings(canonicalJSON: b, connectionID: connection.id, signature: signature(), now: 3) == (.updated, 2))
        #expect(try store.database.hasSettings(connectionID: connection.id))
    }
}
