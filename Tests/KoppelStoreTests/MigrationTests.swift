import Foundation
import GRDB
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
        let last = try database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1")
        }
        #expect(last == "v6: ledger settings apart from credentials; connection run status")
        #expect(try database.lastRuns(connectionID: 7).isEmpty)
    }
}
