import Crypto
import Foundation
import GRDB
import KoppelCore
import Testing

@testable import KoppelStore

/// Order and settings payloads stored as a format byte and a zstd frame: read back exactly, old
/// TEXT rows read as they are, damaged ones refused, and small.
struct StoredPayloadTests {
    func signature() -> AcceptedSignature {
        AcceptedSignature(bytes: Data(UUID().uuidString.utf8), expiresAt: 9)
    }

    /// The database file under the store, for what only raw SQL can see or do.
    func file(_ store: TemporaryStore) throws -> DatabaseQueue {
        try DatabaseQueue(path: store.folder.appendingPathComponent("koppel.sqlite").path)
    }

    @Test func everyFixtureOrderIsStoredCompressedAndReadBackExactly() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let orders = try OpenCartFixtures.orderFiles().enumerated().map { try OpenCartFixtures.incoming($1, id: Int64(100 + $0)) }
        #expect(orders.count == 9)
        _ = try store.database.storeOrders(orders, connectionID: connection.id, signature: signature(), now: 1)

        let listed = try store.database.orders(license: connection.licenseKey)
        for order in orders {
            let id = try #require(listed.first { $0.orderReference == order.orderReference }?.id)
            let versions = try #require(try store.database.order(id: id)).versions
            #expect(try versions.map { try $0.payload.get() } == [String(decoding: order.canonicalJSON, as: UTF8.self)])
        }
        // What the booking job reads is the same JSON.
        let due = try store.database.ordersToWorkOn(connectionID: connection.id, now: 1)
        #expect(due.count == orders.count)
        for order in due {
            let pushed = try #require(orders.first { $0.orderReference == order.orderReference })
            #expect(try order.payload.get() == String(decoding: pushed.canonicalJSON, as: UTF8.self))
        }
        try file(store).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT typeof(payload) AS type, hex(substr(payload, 1, 1)) AS format FROM order_version")
            #expect(rows.count == orders.count)
            #expect(rows.allSatisfy { $0["type"] == "blob" && $0["format"] == "01" })
            // The digest stays the digest of the JSON itself: repeats are recognised as before.
            let digests = try Data.fetchAll(db, sql: "SELECT content_digest FROM order_version ORDER BY id")
            #expect(digests == orders.map { Data(SHA256.hash(data: $0.canonicalJSON)) })
        }
        let again = try store.database.storeOrders(orders, connectionID: connection.id, signature: signature(), now: 2)
        #expect(again.allSatisfy { $0.result == .unchanged })
    }

    @Test func settingsAreStoredCompressedAndReadBackExactly() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let settings = try OpenCartFixtures.settingsJSON("opencart4-settings.json")
        _ = try store.database.storeSettings(canonicalJSON: settings, connectionID: connection.id, signature: signature(), now: 1)
        #expect(try store.database.latestSettings(connectionID: connection.id) == String(decoding: settings, as: UTF8.self))
        let stored = try file(store).read { db in try Data.fetchOne(db, sql: "SELECT payload FROM settings_version") }
        #expect(try #require(stored).count < settings.count / 4)
    }

    /// A fetched shop's (Mijnwebwinkel) orders and settings take the same path as pushed ones.
    @Test func fetchedOrdersAndSettingsAreStoredCompressedToo() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        let json = #"{"archived":false,"currency":"EUR","number":"MWW-1001","status":{"id":2,"isCreditStatus":false}}"#
        let order = IncomingOrder(
            orderReference: "MWW-1001", status: "2", total: Amount(cents: 4085), currencyCode: "EUR",
            dateAdded: "2026-11-22 12:00:00", canonicalJSON: Data(json.utf8))
        try store.database.storeFetchedOrders([order], connectionID: connection.id, from: nil, to: "1001", now: 1)
        try store.database.storeFetchedSettings(canonicalJSON: Data(#"{"currency":"EUR"}"#.utf8), connectionID: connection.id, now: 1)

        let id = try #require(try store.database.orders(license: connection.licenseKey).first?.id)
        #expect(try store.database.order(id: id)?.versions.map { try $0.payload.get() } == [json])
        #expect(try store.database.latestSettings(connectionID: connection.id) == #"{"currency":"EUR"}"#)
        let types = try file(store).read { db in
            try String.fetchAll(
                db, sql: "SELECT typeof(payload) FROM order_version UNION ALL SELECT typeof(payload) FROM settings_version")
        }
        #expect(types == ["blob", "blob"])
    }

    @Test func rowsWrittenAsTextBeforeCompressionAreReadAsTheyAre() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let json = String(decoding: try OpenCartFixtures.incoming(try OpenCartFixtures.orderFiles()[0]).canonicalJSON, as: UTF8.self)
        try file(store).write { db in
            try db.execute(
                sql: """
                    INSERT INTO shop_order (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                        total, currency_code, date_added, received_at, updated_at)
                    VALUES (7, ?, '1', 0, 1, x'00', '2', '40.85', 'EUR', '2026-11-22 23:37:28', 1, 1)
                    """,
                arguments: [connection.id])
            try db.execute(
                sql: """
                    INSERT INTO order_version (order_id, version, content_digest, order_status, payload, received_at)
                    VALUES (7, 1, x'00', '2', ?, 1)
                    """,
                arguments: [json])
            try db.execute(
                sql: "INSERT INTO settings_version (connection_id, version, content_digest, payload, received_at) VALUES (?, 1, x'00', ?, 1)",
                arguments: [connection.id, #"{"store_name":"Oud"}"#])
            #expect(try String.fetchOne(db, sql: "SELECT typeof(payload) FROM order_version") == "text")
        }
        #expect(try store.database.order(id: 7)?.versions.map { try $0.payload.get() } == [json])
        #expect(try store.database.ordersToWorkOn(connectionID: connection.id, now: 1).map { try $0.payload.get() } == [json])
        #expect(try store.database.latestSettings(connectionID: connection.id) == #"{"store_name":"Oud"}"#)
        let diagnosis = try #require(try store.database.orderDiagnosis(orderID: 7))
        #expect(((diagnosis.versions.first?["payload"] as? [String: Any])?["order_id"] as? NSNumber)?.intValue == 1)
        let shopSettings = diagnosis.connection["shop_settings"] as? [String: Any]
        #expect((shopSettings?["payload"] as? [String: Any])?["store_name"] as? String == "Oud")
    }

    @Test func aDamagedOrForeignPayloadIsUnreadableNeverEmpty() throws {
        let json = try OpenCartFixtures.incoming(try OpenCartFixtures.orderFiles()[0]).canonicalJSON
        let stored = try StoredPayload.encode(json)
        #expect(try StoredPayload.decode(stored.databaseValue) == String(decoding: json, as: UTF8.self))

        var flipped = stored
        flipped[flipped.count / 2] ^= 0x01
        var unknownFormat = stored
        unknownFormat[0] = 2
        // A frame header claiming 2^40 bytes: refused before anything is allocated.
        let huge = Data([1, 0x28, 0xB5, 0x2F, 0xFD, 0xE0, 0, 0, 0, 0, 0, 0x01, 0, 0])
        let damaged: [(String, DatabaseValue)] = [
            ("one bit flipped", flipped.databaseValue),
            ("cut short", stored.prefix(stored.count - 5).databaseValue),
            ("unknown format", unknownFormat.databaseValue),
            ("empty blob", Data().databaseValue),
            ("format byte alone", Data([1]).databaseValue),
            ("oversized frame", huge.databaseValue),
            ("null", .null),
            ("a number", 42.databaseValue),
        ]
        for (name, value) in damaged {
            #expect(throws: UnreadablePayload.self, "\(name)") { try StoredPayload.decode(value) }
        }
        #expect(throws: UnreadablePayload.self) { try StoredPayload.decode(huge.databaseValue) }
        do {
            _ = try StoredPayload.decode(huge.databaseValue)
        } catch {
            #expect("\(error)".contains("more than the"), "\(error)")
        }
    }

    @Test func aDamagedVersionIsShownAsUnreadableBesideTheOthers() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let file = try OpenCartFixtures.orderFiles()[0]
        let original = try OpenCartFixtures.incoming(file)
        _ = try store.database.storeOrders([original], connectionID: connection.id, signature: signature(), now: 1)
        var changed = original
        changed = IncomingOrder(
            orderReference: changed.orderReference, storeID: changed.storeID, status: "5", total: changed.total,
            currencyCode: changed.currencyCode, dateAdded: changed.dateAdded, canonicalJSON: changed.canonicalJSON + Data(" ".utf8))
        _ = try store.database.storeOrders([changed], connectionID: connection.id, signature: signature(), now: 2)
        try self.file(store).write { db in
            try db.execute(sql: "UPDATE order_version SET payload = CAST(x'09' || payload AS BLOB) WHERE version = 2")
        }
        let id = try #require(try store.database.orders(license: connection.licenseKey).first?.id)
        let versions = try #require(try store.database.order(id: id)).versions
        #expect(versions.count == 2)
        #expect(try versions[0].payload.get() == String(decoding: original.canonicalJSON, as: UTF8.self))
        guard case .failure(let unreadable) = versions[1].payload else {
            Issue.record("version 2 read: \(versions[1].payload)")
            return
        }
        #expect(unreadable.description.contains("unknown format 9"), "\(unreadable)")
        let due = try store.database.ordersToWorkOn(connectionID: connection.id, now: 2)
        #expect(due.count == 1)
        #expect(due.first.map { if case .failure = $0.payload { true } else { false } } == true)
        let diagnosis = try #require(try store.database.orderDiagnosis(orderID: id))
        #expect((diagnosis.versions.last?["payload"] as? String)?.hasPrefix("unreadable: ") == true)
    }

    /// Changing the dictionary would make every stored row unreadable: a new dictionary is a new
    /// format byte (`StoredPayload.Format`), never an edit of this one.
    @Test func theDictionaryIsPinned() {
        let digest = SHA256.hash(data: OrderPayloadDictionary.v1).map { String(format: "%02x", $0) }.joined()
        #expect(digest == "cc694a0ff5f013afa7010460bdb6796ea6c7e8c74c7e7f31b340bbbeee5a557d")
        #expect(StoredPayload.Format.zstdDictionaryV1.rawValue == 1)
    }

    /// Issue 18: a stored order at most 1.5 KB (it was 4.2 KB). 1,000 real fixture orders with new
    /// ids through the push path: the payloads and the table's pages per order.
    @Test func aThousandFixtureOrdersTakeLessThanAKilobyteEach() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let files = try OpenCartFixtures.orderFiles()
        var orders: [IncomingOrder] = []
        for id in 1...1_000 { orders.append(try OpenCartFixtures.incoming(files[id % files.count], id: Int64(10_000 + id))) }
        for (index, start) in stride(from: 0, to: orders.count, by: 100).enumerated() {
            _ = try store.database.storeOrders(
                Array(orders[start..<start + 100]), connectionID: connection.id,
                signature: AcceptedSignature(bytes: Data("batch-\(index)".utf8), expiresAt: 9), now: 1)
        }
        let (payloadBytes, tableBytes) = try file(store).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT sum(length(payload)) FROM order_version") ?? 0,
                try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name = 'order_version'") ?? 0
            )
        }
        let rawBytes = orders.map(\.canonicalJSON.count).reduce(0, +)
        #expect(rawBytes > 2_000 * 1_000)
        #expect(payloadBytes < 1_000 * 1_000, "\(payloadBytes / 1_000) bytes per order")
        #expect(tableBytes < 1_000 * 1_000, "\(tableBytes / 1_000) bytes of order_version pages per order")
    }
}
