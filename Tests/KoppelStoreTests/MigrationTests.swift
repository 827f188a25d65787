import Foundation
import GRDB
import KoppelCore
import Testing

@testable import KoppelStore

/// A database written by an older koppel opens with its data intact.
struct MigrationTests {
    @Test func v6MovesTheLedgerSettingsOutOfTheCredentialsRow() throws {
        let store = try TemporaryStore()
        // As koppel left it at v5: the adapter's settings in the row of the credentials.
        let database = try store.database(migratedFrom: "v5: reconciliation") { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (id, license_key, name, shop, ledger, created_at, updated_at)
                    VALUES (7, 'KPL-AAAAA-BBBBB-CCCCC-DDDDD', 'Bakkerij', 'opencart', 'moneybird', 1, 1);
                    INSERT INTO connection_ledger (connection_id, base_url, administration_id, tokens_sealed, settings, updated_at)
                    VALUES (7, 'https://moneybird.com', '318440553870706657', x'0102', '{"deliveryMethod":"Email","noVATCode":"42"}', 5);
                    """)
        }
        let access = try #require(try database.ledgerAccess(connectionID: 7))
        #expect(access.settingsJSON == #"{"deliveryMethod":"Email","noVATCode":"42"}"#)
        #expect(access.baseURL == "https://moneybird.com")
        #expect(access.administrationID == "318440553870706657")
        #expect(access.sealedTokens == Data([1, 2]))
        let columns = try database.pool.read { db in try db.columns(in: "connection_ledger").map(\.name) }
        #expect(!columns.contains("settings"))
        let applied = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v6: ledger settings apart from credentials; connection run status"))
        #expect(try database.lastRuns(connectionID: 7).isEmpty)
    }

    /// Booking states as the one-step flow stored them become stepped flows; what the old flow
    /// could not know (an attempt in progress, an error) is in doubt, so the ledger is asked first.
    /// Written as koppel left them at v6, then opened: every later migration runs over these rows.
    @Test func v7TurnsOneStepBookingStatesIntoStepsWithTheirDoubts() throws {
        let store = try TemporaryStore()
        let legacy = [
            #"{"received":{}}"#,
            #"{"open":{"reason":"status Pending is not booked"}}"#,
            #"{"queued":{}}"#,
            #"{"booking":{"attempt":2,"uncertain":false}}"#,
            #"{"waiting":{"attempt":3,"notBefore":500,"uncertain":true,"lastFailure":"503"}}"#,
            #"{"waiting":{"attempt":1,"notBefore":600,"uncertain":false,"lastFailure":"429"}}"#,
            #"{"booked":{"ledgerID":"450000000000000001"}}"#,
            #"{"error":{"_0":{"code":"ledger_refused","message":"no","hint":"fix","severity":"error"}}}"#,
            #"{"something":"else"}"#,
            #"{"booked":{"ledgerID":"450000000000000002"}}"#,
        ]
        let database = try store.database(migratedFrom: "v6: ledger settings apart from credentials; connection run status") { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (id, license_key, name, shop, ledger, created_at, updated_at)
                    VALUES (3, 'KPL-AAAAA-BBBBB-CCCCC-DDDDD', 'Shop', 'opencart', 'moneybird', 1, 1)
                    """)
            for (index, json) in legacy.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (connection_id, shop_order_id, store_id, version, content_digest, order_status_id,
                            total, currency_code, date_added, received_at, updated_at, flow)
                        VALUES (3, ?, 0, 1, x'00', ?, '40.8500', 'EUR', '2026-11-22 23:37:28', 1, 1, ?)
                        """,
                    arguments: [index + 1, index == 9 ? 5 : 2, json])
            }
            // The shop calls status 5 complete: the one-step flow sent and paid those invoices only.
            try db.execute(
                sql: """
                    INSERT INTO settings_version (connection_id, version, content_digest, payload, received_at)
                    VALUES (3, 1, x'00', '{"complete_status_ids":[5]}', 1)
                    """)
        }
        let ids = try database.orders(license: "KPL-AAAAA-BBBBB-CCCCC-DDDDD")
            .sorted { Int($0.orderReference)! < Int($1.orderReference)! }.map(\.id)
        func flow(_ index: Int) throws -> BookingFlow? { try database.orderFlow(id: ids[index]) }

        #expect(try flow(0) == BookingFlow())
        #expect(try flow(1)?.phase == .open(reason: "status Pending is not booked"))
        #expect(try flow(2)?.phase == .queued)
        #expect(try flow(3) == BookingFlow(phase: .queued, trail: LedgerTrail(inDoubt: .create), failures: 1))
        #expect(try flow(4) == BookingFlow(phase: .waiting(notBefore: 500, reason: "503"), trail: LedgerTrail(inDoubt: .create), failures: 3))
        #expect(try flow(5)?.trail.inDoubt == nil)
        let booked = try #require(try flow(6))
        #expect(booked.phase == .booked)
        #expect(booked.trail.documentID == "450000000000000001")
        #expect(booked.trail.done == [.create])  // Processing: a draft
        let paid = try #require(try flow(9))
        #expect(paid.trail.done == [.create, .send, .registerPayment])
        #expect(try flow(7)?.trail.inDoubt == .create)
        // Neither format: left as it is, and read as an error, never as a default.
        #expect(throws: DecodingError.self) { try flow(8) }
    }

    /// v16 rebuilds the order tables with text references and statuses: every row, id and link
    /// of a database written up to v15 survives, and the next push of an order already stored is
    /// recognised as unchanged (its digest kept).
    @Test func v16KeepsEveryOrderWithItsReferenceAndStatusAsText() throws {
        let store = try TemporaryStore()
        let pushed = IncomingOrder(
            orderReference: "1024", status: "5", total: Amount(cents: 4085), currencyCode: "EUR",
            dateAdded: "2026-11-22 23:37:28", canonicalJSON: Data(#"{"order_id":1024}"#.utf8))
        let database = try store.database(migratedFrom: "v15: accepted terms; the backlog of unexamined orders") { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (id, license_key, name, shop, ledger, created_at, updated_at, reference_prefix)
                    VALUES (7, 'KPL-AAAAA-BBBBB-CCCCC-DDDDD', 'Bakkerij', 'opencart', 'moneybird', 1, 1, 'BV');
                    INSERT INTO shop_order (id, connection_id, shop_order_id, store_id, version, content_digest, order_status_id,
                        total, currency_code, date_added, state, received_at, updated_at, flow, examined_version, ledger_id)
                    VALUES (41, 7, 1024, 0, 2, ?, 5, '40.8500', 'EUR', '2026-11-22 23:37:28', 'booked', 1, 2, '{}', 2, 'inv-1'),
                           (42, 7, 1025, 2, 1, x'01', 1, '12.0000', 'EUR', '2026-11-23 10:00:00', 'open', 3, 3, NULL, 1, NULL);
                    INSERT INTO order_version (id, order_id, version, content_digest, order_status_id, payload, received_at)
                    VALUES (1, 41, 1, x'02', 2, '{"order_id":1024,"v":1}', 1),
                           (2, 41, 2, ?, 5, '{"order_id":1024}', 2),
                           (3, 42, 1, x'01', 1, '{"order_id":1025}', 3);
                    INSERT INTO booking_event (order_id, at, state, detail) VALUES (41, 2, 'booked', 'created');
                    INSERT INTO booked_document (order_id, connection_id, reference, ledger_id, order_version, booking_date,
                        booked_at, gross, net, vat)
                    VALUES (41, 7, 'BV-1024', 'inv-1', 2, '2026-11-22', 2, 4085, 3376, '21=709');
                    INSERT INTO reprocess_request (order_id, connection_id, requested_at) VALUES (42, 7, 4);
                    INSERT INTO connection_run (connection_id, job, at, problem) VALUES (7, 'sync', 5, NULL);
                    """,
                arguments: [pushed.contentDigest, pushed.contentDigest])
        }
        let orders = try database.orders(license: "KPL-AAAAA-BBBBB-CCCCC-DDDDD").sorted { $0.id < $1.id }
        #expect(orders.map(\.id) == [41, 42])
        #expect(orders.map(\.orderReference) == ["1024", "1025"])
        #expect(orders.map(\.status) == ["5", "1"])
        #expect(orders.map(\.storeID) == [0, 2])
        #expect(orders.map(\.state) == [.booked, .open])
        let versions = try #require(try database.order(id: 41)).versions
        #expect(versions.map(\.status) == ["2", "5"])
        #expect(try versions.map { try $0.payload.get() } == [#"{"order_id":1024,"v":1}"#, #"{"order_id":1024}"#])
        // What points at the orders still does.
        let booked = try database.bookedPage(connectionID: 7, from: nil, to: nil, after: nil, limit: 10)
        #expect(booked.map(\.orderReference) == ["1024"])
        #expect(booked.map(\.reference) == ["BV-1024"])
        try database.pool.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking_event WHERE order_id = 41") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reprocess_request WHERE order_id = 42") == 1)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let columns = try db.columns(in: "shop_order").map(\.name)
            #expect(columns.contains("order_reference") && !columns.contains("shop_order_id") && !columns.contains("order_status_id"))
            // v16 made the index by state and the one of unexamined orders; v22 replaced both. (GRDB's
            // `indexes(on:)` leaves out indexes on expressions.)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'shop_order'")
            #expect(indexes.contains(OrdersNeedingAttention.index))
        }
        #expect(try database.lastRuns(connectionID: 7).map(\.job) == ["sync"])
        // The same content pushed again is a repeat; a reference is unique per connection.
        let again = try database.storeOrders(
            [pushed], connectionID: 7, signature: AcceptedSignature(bytes: Data("again".utf8), expiresAt: 9), now: 6)
        #expect(again == [StoredOrder(orderReference: "1024", result: .unchanged, version: 2)])
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO shop_order (connection_id, order_reference, version, content_digest, order_status, total,
                            currency_code, date_added, received_at, updated_at)
                        VALUES (7, '1025', 1, x'03', '1', '1.0000', 'EUR', '2026-11-23 10:00:00', 7, 7)
                        """)
            }
        }
    }

    /// v21 keys the accepted signatures by expiry: the signatures accepted before it are still
    /// refused as replays until they expire, and then forgotten.
    @Test func v21KeepsRefusingTheSignaturesAcceptedBefore() throws {
        let store = try TemporaryStore()
        let before = (1...3).map { OrderStoreTests.storedSignature($0, expiresAt: 100 * Int64($0)) }
        let database = try store.database(migratedFrom: "v20: the ledger's bookings as last read, for incremental reconciles") { db in
            for signature in before {
                try db.execute(
                    sql: "INSERT INTO accepted_signature (signature, expires_at) VALUES (?, ?)",
                    arguments: [signature.bytes, signature.expiresAt])
            }
        }
        let key = try database.pool.read { db in try db.primaryKey("accepted_signature").columns }
        #expect(key == ["expires_at", "signature"])
        for signature in before {
            #expect(throws: ReplayedSignature.self) { try database.acceptSignature(signature, now: 50) }
        }
        // At 250 the first two have expired: a new signature takes them away; the third stays refused.
        try database.acceptSignature(OrderStoreTests.storedSignature(4, expiresAt: 600), now: 250)
        let remaining = try database.pool.read { db in try Data.fetchAll(db, sql: "SELECT signature FROM accepted_signature ORDER BY expires_at") }
        #expect(remaining == [before[2].bytes, OrderStoreTests.storedSignature(4, expiresAt: 600).bytes])
        #expect(throws: ReplayedSignature.self) { try database.acceptSignature(before[2], now: 250) }
    }

    /// v22 replaces the index by state and the one of unexamined orders by one index of the
    /// orders that need attention: it holds exactly those, it is the one the migration wrote (the
    /// queries repeat its condition), and every query that reads it finds what it found before.
    @Test func v22IndexesTheOrdersThatNeedAttention() throws {
        let store = try TemporaryStore()
        let database = try store.database(migratedFrom: "v21: accepted signatures in the order they expire") { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (id, license_key, name, shop, ledger, created_at, updated_at, reference_prefix)
                    VALUES (7, 'KPL-AAAAA-BBBBB-CCCCC-DDDDD', 'Bakkerij', 'opencart', 'moneybird', 1, 1, 'BV'),
                           (8, 'KPL-EEEEE-FFFFF-GGGGG-HHHHH', 'Slagerij', 'opencart', 'moneybird', 1, 1, 'SL');
                    INSERT INTO shop_order (id, connection_id, order_reference, version, content_digest, order_status, total,
                        currency_code, date_added, state, received_at, updated_at, examined_version, ledger_mismatch)
                    VALUES (41, 7, '41', 2, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'booked', 1, 2, 2, NULL),
                           (42, 7, '42', 3, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'booked', 1, 3, 2, NULL),
                           (43, 7, '43', 1, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'booked', 1, 2, 1, '{"gross":1}'),
                           (44, 7, '44', 1, x'01', '1', '1.0000', 'EUR', '2026-11-22 10:00:00', 'open', 1, 2, 1, NULL),
                           (45, 7, '45', 1, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'error', 1, 2, 1, NULL),
                           (46, 7, '46', 1, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'received', 1, 1, 0, NULL),
                           (47, 8, '47', 1, x'01', '5', '1.0000', 'EUR', '2026-11-22 10:00:00', 'received', 1, 1, 0, NULL);
                    INSERT INTO order_version (order_id, version, content_digest, order_status, payload, received_at)
                    SELECT id, version, content_digest, order_status, '{}', received_at FROM shop_order;
                    """)
        }
        try database.pool.read { db in
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'shop_order'")
            #expect(Set(indexes) == [OrdersNeedingAttention.index, "sqlite_autoindex_shop_order_1"])
            let written = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = ?", arguments: [OrdersNeedingAttention.index])
            #expect(written?.hasSuffix("WHERE " + OrdersNeedingAttention.condition()) == true, "\(written ?? "none")")
            // Open's poll seeks the unexamined orders, without walking the connection's cancelled ones.
            let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + KoppelDatabase.waitingInBacklog, arguments: [7]).map { $0["detail"] as String }
            #expect(plan == ["SEARCH shop_order USING INDEX \(OrdersNeedingAttention.index) (connection_id=? AND <expr>=?)"])
            let held = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = 7 AND \(OrdersNeedingAttention.condition()) ORDER BY id
                    """)
            #expect(held == [42, 43, 44, 45, 46])
        }
        #expect(try database.waitingToBeBooked(connectionID: 7).count == 1)
        #expect(try database.ordersToWorkOn(connectionID: 7, now: 10).map(\.id) == [42, 46])
        #expect(try database.ordersToWorkOn(connectionID: 7, now: 10, all: true).map(\.id) == [42, 44, 45, 46])
        #expect(try database.openOrderReferences(connectionID: 7) == ["44", "45", "46"])
        #expect(try database.ledgerMismatches(connectionID: 7).map(\.orderID) == [43])
        #expect(try database.unbooked(connectionID: 7, errors: true).map(\.orderID).sorted() == [43, 45])
        #expect(try database.unbooked(connectionID: 7, errors: false).map(\.orderID).sorted() == [44, 46])
        #expect(try database.backlog(connectionID: 7, now: 10).remaining == 2)
        #expect(try database.queueReprocessOfErrors(connectionID: 7, userID: nil, batch: "b", now: 10) == 2)
    }
}
