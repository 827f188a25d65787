import GRDB

extension KoppelDatabase {
    /// The schema, one migration per change; a migration once released is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: connections, orders, settings, signatures") { db in
            try db.execute(
                sql: """
                    CREATE TABLE connection (
                        id INTEGER PRIMARY KEY,
                        license_key TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        shop TEXT NOT NULL,
                        ledger TEXT NOT NULL,
                        api_key_sealed BLOB,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    -- The newest version of each order, with the columns lists and jobs filter on.
                    CREATE TABLE shop_order (
                        id INTEGER PRIMARY KEY,
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        shop_order_id INTEGER NOT NULL,
                        store_id INTEGER NOT NULL,
                        version INTEGER NOT NULL,
                        content_digest BLOB NOT NULL,
                        order_status_id INTEGER NOT NULL,
                        total TEXT NOT NULL,
                        currency_code TEXT NOT NULL,
                        date_added TEXT NOT NULL,
                        state TEXT NOT NULL DEFAULT 'received',
                        received_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        UNIQUE (connection_id, shop_order_id)
                    );
                    CREATE INDEX shop_order_by_state ON shop_order(connection_id, state);

                    -- Every distinct content an order has had; never updated, never deleted.
                    CREATE TABLE order_version (
                        id INTEGER PRIMARY KEY,
                        order_id INTEGER NOT NULL REFERENCES shop_order(id),
                        version INTEGER NOT NULL,
                        content_digest BLOB NOT NULL,
                        order_status_id INTEGER NOT NULL,
                        payload TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        UNIQUE (order_id, version)
                    );

                    CREATE TABLE settings_version (
                        id INTEGER PRIMARY KEY,
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        version INTEGER NOT NULL,
                        content_digest BLOB NOT NULL,
                        payload TEXT NOT NULL,
                        received_at INTEGER NOT NULL,
                        UNIQUE (connection_id, version)
                    );

                    -- Signatures accepted once; kept until their timestamp can no longer pass.
                    CREATE TABLE accepted_signature (
                        signature BLOB PRIMARY KEY,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX accepted_signature_by_expiry ON accepted_signature(expires_at);
                    """)
        }
        return migrator
    }
}
