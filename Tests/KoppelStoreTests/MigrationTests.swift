import Foundation
import GRDB
import KoppelCore
import Testing

@testable import KoppelStore

/// A database written by an older koppel opens with its data intact.
struct MigrationTests {
    @Test func v6MovesTheLedgerSettingsOutOfTheCredentialsRow() throws {
        let store = try TemporaryStore()
        let path = store.folder.appendingPathComponent("v5.sqlite").path
        // As koppel left it at v5: the adapter's settings in the row of the credentials.
        let old = try DatabaseQueue(path: path)
        try KoppelDatabase.migrator.migrate(old, upTo: "v5: reconciliation")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection (id, license_key, name, shop, ledger, created_at, updated_at)
                    VALUES (7, 'KPL-AAAAA-BBBBB-CCCCC-DDDDD', 'Bakkerij', 'opencart', 'moneybird', 1, 1);
                    INSERT INTO connection_ledger (connection_id, base_url, administration_id, tokens_sealed, settings, updated_at)
                    VALUES (7, 'https://moneybird.com', '318440553870706657', x'0102', '{"deliveryMethod":"Email","noVATCode":"42"}', 5);
                    """)
        }
        try old.close()

        let database = try KoppelDatabase(path: path)
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
    @Test func v7TurnsOneStepBookingStatesIntoStepsWithTheirDoubts() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
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
        let orders = legacy.indices.map { index in
            IncomingOrder(
                shopOrderID: Int64(index + 1), storeID: 0, orderStatusID: index == 9 ? 5 : 2, total: Amount(cents: 4085), currencyCode: "EUR",
                dateAdded: "2026-11-22 23:37:28", canonicalJSON: Data("{\"id\":\(index)}".utf8))
        }
        _ = try store.database.storeOrders(
            orders, connectionID: connection.id, signature: AcceptedSignature(bytes: Data("sig".utf8), expiresAt: 9), now: 1)
        // The shop calls status 5 complete: the one-step flow sent and paid those invoices only.
        _ = try store.database.storeSettings(
            canonicalJSON: Data(#"{"complete_status_ids":[5]}"#.utf8), connectionID: connection.id,
            signature: AcceptedSignature(bytes: Data("settings".utf8), expiresAt: 9), now: 1)
        try store.database.pool.write { db in
            for (index, json) in legacy.enumerated() {
                try db.execute(sql: "UPDATE shop_order SET flow = ? WHERE shop_order_id = ?", arguments: [json, index + 1])
            }
            try LegacyBookingState.migrate(db)
        }
        let ids = try store.database.orders(license: connection.licenseKey).sorted { $0.shopOrderID < $1.shopOrderID }.map(\.id)
        func flow(_ index: Int) throws -> BookingFlow? { try store.database.orderFlow(id: ids[index]) }

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
}
