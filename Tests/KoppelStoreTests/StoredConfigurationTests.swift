import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

/// A stored value that cannot be read stops that connection with an error naming it and the
/// column; it is never read as a default. A missing row is "not configured yet".
struct StoredConfigurationTests {
    let store: TemporaryStore
    let connection: Connection

    init() throws {
        store = try TemporaryStore()
        connection = try store.database.addConnection(name: "Bakkerij", shop: .opencart, ledger: .moneybird, now: 1)
    }

    /// Damages the file as a hand edit or a broken disk would: raw SQL, past every check.
    func corrupt(_ sql: String) throws {
        try store.database.pool.write { db in try db.execute(sql: sql) }
    }

    func expectUnreadable(_ column: String, _ read: () throws -> Void) {
        do {
            try read()
            Issue.record("\(column) was read")
        } catch let error as UnreadableStoredValue {
            #expect(error.column == column)
            #expect(error.connectionID == connection.id)
            #expect(error.description.contains("Bakkerij (\(connection.licenseKey))"), "\(error)")
            #expect(error.description.contains(column), "\(error)")
        } catch {
            Issue.record("not an UnreadableStoredValue: \(error)")
        }
    }

    @Test func nothingStoredIsTheDefaults() throws {
        #expect(try store.database.bookingConfiguration(connectionID: connection.id) == BookingConfiguration())
        #expect(try store.database.reconcileSettings(connectionID: connection.id) == ReconcileSettings())
    }

    @Test func anUnknownShopOrLedgerIsNoOpenCartOrMoneybird() throws {
        let other = try store.database.addConnection(name: "Other", shop: .opencart, ledger: .moneybird, now: 1)
        try corrupt("UPDATE connection SET shop = 'magento' WHERE id = \(connection.id)")
        expectUnreadable("connection.shop") { _ = try store.database.connections() }
        expectUnreadable("connection.shop") { _ = try store.database.connection(license: connection.licenseKey) }
        // The others still read one by one, for the jobs that go on without the broken one.
        let each = try store.database.connectionsEachRead()
        #expect(each.count == 2)
        #expect(try each[1].get() == other)
        guard case .failure(let unreadable) = each[0] else {
            Issue.record("the damaged connection was read")
            return
        }
        #expect(unreadable.description.contains("unknown shop \"magento\""), "\(unreadable)")

        try corrupt("UPDATE connection SET shop = 'opencart', ledger = 'excel' WHERE id = \(connection.id)")
        expectUnreadable("connection.ledger") { _ = try store.database.connection(license: connection.licenseKey) }
    }

    @Test func unreadableBookingConfigurationThrows() throws {
        var mapping = VATMapping.defaults(shopCountry: "NL")
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: "T21", revenueAccount: "A8000")
        try store.database.setBookingConfiguration(
            BookingConfiguration(bookedStatusIDs: [2, 3], vatMapping: mapping, fixedDebtors: ["cod": "4960"]), connectionID: connection.id, now: 1)
        let configured = try store.database.bookingConfiguration(connectionID: connection.id)
        #expect(configured.bookedStatusIDs == [2, 3])
        #expect(configured.fixedDebtors == ["cod": "4960"])

        let damages = [
            ("booked_status_ids", "'2,3'"), ("booked_status_ids", "'[\"2\"]'"), ("vat_mapping", "'{\"entries\": 1}'"),
            ("vat_mapping", "'not json'"), ("fixed_debtors", "'[\"cod\"]'"), ("rounding_tolerance_cents", "'one'"),
        ]
        for (column, value) in damages {
            try corrupt("UPDATE connection_config SET \(column) = \(value) WHERE connection_id = \(connection.id)")
            expectUnreadable("connection_config." + column) { _ = try store.database.bookingConfiguration(connectionID: connection.id) }
            // An edit cannot start from a default either.
            expectUnreadable("connection_config." + column) {
                try store.database.updateBookingConfiguration(connectionID: connection.id, now: 2) { $0.bookedStatusIDs = [5] }
            }
            try store.database.setBookingConfiguration(configured, connectionID: connection.id, now: 3)
            #expect(try store.database.bookingConfiguration(connectionID: connection.id) == configured)
        }
        // No VAT mapping stored is "not mapped yet", not an error.
        try corrupt("UPDATE connection_config SET vat_mapping = NULL WHERE connection_id = \(connection.id)")
        #expect(try store.database.bookingConfiguration(connectionID: connection.id).vatMapping == nil)
    }

    @Test func unreadableReconcileSettingsThrow() throws {
        try store.database.setReconcileSettings(ReconcileSettings(notifyEmails: ["a@shop.nl"]), connectionID: connection.id, now: 1)
        try corrupt("UPDATE connection_reconcile SET notify_emails = 'a@shop.nl' WHERE connection_id = \(connection.id)")
        expectUnreadable("connection_reconcile.notify_emails") { _ = try store.database.reconcileSettings(connectionID: connection.id) }
    }

    @Test func unreadableLedgerCredentialsThrow() throws {
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        try store.database.setLedgerAccess(
            connection: connection, baseURL: "https://moneybird.com", administrationID: "1", tokensJSON: Data("{}".utf8),
            settingsJSON: "{}", sealer: sealer, now: 1)
        // Not text at all (a number would become text in a TEXT column): bytes that are no UTF-8.
        try corrupt("UPDATE connection_ledger SET administration_id = x'fffe' WHERE connection_id = \(connection.id)")
        expectUnreadable("connection_ledger.administration_id") { _ = try store.database.ledgerAccess(connectionID: connection.id) }
    }
}
