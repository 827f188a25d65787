import GRDB

/// v16: an order is known by the shop's reference as text, and its status is text: OpenCart's
/// integers become "1024" and "5", a shop that numbers orders "T-1001" fits as well. SQLite cannot
/// change a column's type, so `shop_order` and `order_version` are rebuilt with every row, their ids
/// kept (other tables point at them). GRDB runs a migration with foreign keys off and checks them
/// all before it commits.
enum OrderReferenceMigration {
    static func migrate(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE shop_order_v16 (
                    id INTEGER PRIMARY KEY,
                    connection_id INTEGER NOT NULL REFERENCES connection(id),
                    order_reference TEXT NOT NULL,
                    store_id INTEGER NOT NULL DEFAULT 0,
                    version INTEGER NOT NULL,
                    content_digest BLOB NOT NULL,
                    order_status TEXT NOT NULL,
                    total TEXT NOT NULL,
                    currency_code TEXT NOT NULL,
                    date_added TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'received',
                    received_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    flow TEXT,
                    not_before INTEGER NOT NULL DEFAULT 0,
                    examined_version INTEGER NOT NULL DEFAULT 0,
                    ledger_id TEXT,
                    problem TEXT,
                    ledger_mismatch TEXT,
                    UNIQUE (connection_id, order_reference)
                );
                INSERT INTO shop_order_v16 (id, connection_id, order_reference, store_id, version, content_digest, order_status,
                    total, currency_code, date_added, state, received_at, updated_at, flow, not_before, examined_version,
                    ledger_id, problem, ledger_mismatch)
                SELECT id, connection_id, CAST(shop_order_id AS TEXT), store_id, version, content_digest, CAST(order_status_id AS TEXT),
                    total, currency_code, date_added, state, received_at, updated_at, flow, not_before, examined_version,
                    ledger_id, problem, ledger_mismatch
                FROM shop_order;
                DROP TABLE shop_order;
                ALTER TABLE shop_order_v16 RENAME TO shop_order;
                CREATE INDEX shop_order_by_state ON shop_order(connection_id, state);
                CREATE INDEX shop_order_unexamined ON shop_order(connection_id) WHERE examined_version < version;

                CREATE TABLE order_version_v16 (
                    id INTEGER PRIMARY KEY,
                    order_id INTEGER NOT NULL REFERENCES shop_order(id),
                    version INTEGER NOT NULL,
                    content_digest BLOB NOT NULL,
                    order_status TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    received_at INTEGER NOT NULL,
                    UNIQUE (order_id, version)
                );
                -- payload is copied as it is stored (TEXT, or a StoredPayload BLOB): never read here.
                INSERT INTO order_version_v16 (id, order_id, version, content_digest, order_status, payload, received_at)
                SELECT id, order_id, version, content_digest, CAST(order_status_id AS TEXT), payload, received_at FROM order_version;
                DROP TABLE order_version;
                ALTER TABLE order_version_v16 RENAME TO order_version;

                -- Where a shop koppel fetches from was read up to, kept with the fetch job's run:
                -- opaque to the store, written only with the orders it fetched.
                ALTER TABLE connection_run ADD COLUMN cursor TEXT;
                """)
    }
}
