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
        migrator.registerMigration("v2: booking configuration and progress") { db in
            try db.execute(
                sql: """
                    -- How a connection reaches its ledger; the tokens sealed under the master key.
                    CREATE TABLE connection_ledger (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id),
                        base_url TEXT NOT NULL,
                        administration_id TEXT NOT NULL,
                        tokens_sealed BLOB NOT NULL,
                        settings TEXT NOT NULL,
                        updated_at INTEGER NOT NULL
                    );

                    -- What a connection books and how: statuses, VAT mapping, tolerance.
                    CREATE TABLE connection_config (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id),
                        booked_status_ids TEXT NOT NULL DEFAULT '[]',
                        vat_mapping TEXT,
                        rounding_tolerance_cents INTEGER NOT NULL DEFAULT 1,
                        updated_at INTEGER NOT NULL
                    );

                    -- Booking progress of the order: the flow's state (JSON), when it may go on,
                    -- which version was examined, the ledger's id once booked, the open problem.
                    ALTER TABLE shop_order ADD COLUMN flow TEXT;
                    ALTER TABLE shop_order ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE shop_order ADD COLUMN examined_version INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE shop_order ADD COLUMN ledger_id TEXT;
                    ALTER TABLE shop_order ADD COLUMN problem TEXT;

                    -- What happened to an order on its way into the ledger: the "more info" of the
                    -- Errors tab and the bundle of a problem report.
                    CREATE TABLE booking_event (
                        id INTEGER PRIMARY KEY,
                        order_id INTEGER NOT NULL REFERENCES shop_order(id),
                        at INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        detail TEXT NOT NULL
                    );
                    CREATE INDEX booking_event_by_order ON booking_event(order_id);
                    """)
        }
        migrator.registerMigration("v3: ledger contacts by e-mail") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ledger_contact (
                        administration TEXT NOT NULL,
                        email TEXT NOT NULL,
                        contact_id TEXT NOT NULL,
                        PRIMARY KEY (administration, email)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4: fixed debtors per payment method") { db in
            try db.execute(sql: "ALTER TABLE connection_config ADD COLUMN fixed_debtors TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v5: reconciliation") { db in
            try db.execute(
                sql: """
                    -- What was booked for an order, kept when the ledger accepted it: the reconciler
                    -- compares the ledger with these figures. VAT as `code=cents` pairs joined by ';'.
                    -- No customer name: booked on a fixed debtor, whose data is not the customer's.
                    CREATE TABLE booked_document (
                        order_id INTEGER PRIMARY KEY REFERENCES shop_order(id),
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        reference TEXT NOT NULL,
                        ledger_id TEXT NOT NULL,
                        order_version INTEGER NOT NULL,
                        booking_date TEXT NOT NULL,
                        booked_at INTEGER NOT NULL,
                        gross INTEGER NOT NULL,
                        net INTEGER NOT NULL,
                        vat TEXT NOT NULL,
                        customer_name TEXT,
                        customer_email TEXT,
                        customer_street TEXT,
                        customer_postcode TEXT,
                        customer_city TEXT,
                        customer_country TEXT,
                        customer_vat_number TEXT,
                        ledger_version_seen TEXT
                    );
                    CREATE INDEX booked_document_by_reference ON booked_document(connection_id, reference);

                    -- A booked order whose ledger booking differs: shown with the order's errors.
                    ALTER TABLE shop_order ADD COLUMN ledger_mismatch TEXT;

                    CREATE TABLE connection_reconcile (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id),
                        tolerance_cents INTEGER NOT NULL DEFAULT 1,
                        notify_emails TEXT NOT NULL DEFAULT '[]',
                        mail_when_clean INTEGER NOT NULL DEFAULT 0,
                        updated_at INTEGER NOT NULL
                    );

                    CREATE TABLE reconcile_run (
                        id INTEGER PRIMARY KEY,
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        started_at INTEGER NOT NULL,
                        finished_at INTEGER NOT NULL,
                        period_first TEXT NOT NULL,
                        period_last TEXT NOT NULL,
                        booked INTEGER NOT NULL,
                        in_ledger INTEGER NOT NULL,
                        mismatches INTEGER NOT NULL,
                        changed INTEGER NOT NULL,
                        requests INTEGER NOT NULL,
                        report_path TEXT,
                        mail TEXT
                    );

                    -- The SMTP server the nightly e-mail goes through; the password sealed.
                    CREATE TABLE mail_settings (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        url TEXT NOT NULL,
                        sender TEXT NOT NULL,
                        username TEXT,
                        password_sealed BLOB,
                        security TEXT NOT NULL,
                        ca_file TEXT,
                        updated_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v6: ledger settings apart from credentials; connection run status") { db in
            try db.execute(
                sql: """
                    -- The ledger adapter's settings in a row of their own: a token refresh rewrites the
                    -- credentials, a settings edit the settings, and neither can undo the other.
                    CREATE TABLE connection_ledger_settings (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id),
                        settings TEXT NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    INSERT INTO connection_ledger_settings (connection_id, settings, updated_at)
                        SELECT connection_id, settings, updated_at FROM connection_ledger;
                    ALTER TABLE connection_ledger DROP COLUMN settings;

                    -- The last run of each job (sync, reconcile) per connection and its problem, NULL
                    -- when it went well: one failing connection shows, the others go on.
                    CREATE TABLE connection_run (
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        job TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        problem TEXT,
                        PRIMARY KEY (connection_id, job)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v7: bookings as ledger steps") { db in
            try LegacyBookingState.migrate(db)
        }
        migrator.registerMigration("v9: booking reference prefix per connection") { db in
            // Connections that already asked a ledger for a booking keep bare order numbers, so
            // their bookings are still found; the others get a prefix of their own.
            try db.execute(sql: "ALTER TABLE connection ADD COLUMN reference_prefix TEXT NOT NULL DEFAULT ''")
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM connection ORDER BY id") where try !KoppelDatabase.hasReachedLedger(db, connectionID: id) {
                try db.execute(sql: "UPDATE connection SET reference_prefix = ? WHERE id = ?", arguments: [try KoppelDatabase.unusedPrefix(db), id])
            }
            try db.execute(sql: "CREATE UNIQUE INDEX connection_by_reference_prefix ON connection(reference_prefix) WHERE reference_prefix != ''")
        }
        migrator.registerMigration("v10: cancel and refund statuses") { db in
            try db.execute(sql: "ALTER TABLE connection_config ADD COLUMN cancel_status_ids TEXT NOT NULL DEFAULT '[]'")
        }
        migrator.registerMigration("v11: dashboard accounts and sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE app_user (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        password_hash TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE user_connection (
                        user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                        connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
                        PRIMARY KEY (user_id, connection_id)
                    ) WITHOUT ROWID;
                    -- A session is kept as the SHA-256 of its cookie: a copied database opens no session.
                    CREATE TABLE web_session (
                        token_hash BLOB PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seen_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    -- Failed logins, counted per e-mail and per address for the login limits.
                    CREATE TABLE login_failure (
                        id INTEGER PRIMARY KEY,
                        email TEXT NOT NULL COLLATE NOCASE,
                        address TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX login_failure_by_email ON login_failure(email, at);
                    CREATE INDEX login_failure_by_address ON login_failure(address, at);
                    CREATE INDEX booked_document_by_booked_at ON booked_document(connection_id, booked_at, order_id);
                    """)
        }
        migrator.registerMigration("v12: a copy of the ledger's reference data") { db in
            // The tax rates, accounts, workflows and styles the Configuratie tab chooses from, as read
            // by the last `koppel ledger map` or "Vernieuwen": the page does not call the ledger.
            try db.execute(
                sql: """
                    CREATE TABLE ledger_reference (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id) ON DELETE CASCADE,
                        data TEXT NOT NULL,
                        read_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v13: reprocess requests; reconcile runs paged by time") { db in
            try db.execute(
                sql: """
                    -- "Opnieuw verwerken" from the dashboard: who asked and when; the booking worker takes
                    -- these first. Kept after the run (with the state it left) so the page can show it;
                    -- asking again replaces the row. `batch` groups the orders of one "alles opnieuw".
                    CREATE TABLE reprocess_request (
                        order_id INTEGER PRIMARY KEY REFERENCES shop_order(id) ON DELETE CASCADE,
                        connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
                        requested_by INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
                        requested_at INTEGER NOT NULL,
                        batch TEXT,
                        started_at INTEGER,
                        finished_at INTEGER,
                        outcome TEXT
                    );
                    CREATE INDEX reprocess_request_queued ON reprocess_request(finished_at, requested_at);
                    CREATE INDEX reprocess_request_by_batch ON reprocess_request(connection_id, batch);
                    -- Rapporten's pages, newest first.
                    CREATE INDEX reconcile_run_by_started_at ON reconcile_run(connection_id, started_at, id);
                    """)
        }
        migrator.registerMigration("v14: password resets and ledger authorizations") { db in
            try db.execute(
                sql: """
                    -- A reset link's token is kept as its SHA-256: a copied database resets no password.
                    CREATE TABLE password_reset (
                        token_hash BLOB PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        used_at INTEGER
                    ) WITHOUT ROWID;
                    CREATE INDEX password_reset_by_user ON password_reset(user_id, created_at);
                    -- Every reset request, known address or not, for the limit per client address.
                    CREATE TABLE password_reset_request (
                        id INTEGER PRIMARY KEY,
                        address TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX password_reset_request_by_address ON password_reset_request(address, at);
                    -- The OAuth `state` of a ledger authorization under way, as its SHA-256, bound to
                    -- the session (its cookie's SHA-256) and the connection; used once.
                    CREATE TABLE ledger_authorization (
                        state_hash BLOB PRIMARY KEY,
                        session_hash BLOB NOT NULL,
                        connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,
                        expires_at INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    -- When the credentials were last stored by a connect, not by a token refresh.
                    ALTER TABLE connection_ledger ADD COLUMN connected_at INTEGER;
                    UPDATE connection_ledger SET connected_at = updated_at;
                    """)
        }
        migrator.registerMigration("v15: accepted terms; the backlog of unexamined orders") { db in
            try db.execute(
                sql: """
                    -- Which version of the Algemene Voorwaarden and of the AVG texts (privacy statement
                    -- and verwerkersovereenkomst) each user accepted, and when; a new version asks again.
                    CREATE TABLE terms_acceptance (
                        user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                        document TEXT NOT NULL,
                        version TEXT NOT NULL,
                        accepted_at INTEGER NOT NULL,
                        PRIMARY KEY (user_id, document, version)
                    ) WITHOUT ROWID;
                    -- Open's progress bar polls how many pushed orders wait for the booking worker: small,
                    -- since the worker empties it.
                    CREATE INDEX shop_order_unexamined ON shop_order(connection_id) WHERE examined_version < version;
                    """)
        }
        migrator.registerMigration("v16: order references and statuses as text; fetch cursors") { db in
            try OrderReferenceMigration.migrate(db)
        }
        migrator.registerMigration("v18: access to a fetched shop's API") { db in
            try db.execute(
                sql: """
                    -- How koppel reaches a shop it fetches orders from (its tokens and address, as the
                    -- shop's adapter writes them), sealed under the master key and bound to the license.
                    CREATE TABLE connection_shop_access (
                        connection_id INTEGER PRIMARY KEY REFERENCES connection(id),
                        access_sealed BLOB NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v19: ledger requests per booked order") { db in
            try db.execute(
                sql: """
                    -- What booking cost: the ledger requests the booking job made and the orders it
                    -- finished, a row per slice of at most 10 orders (written as a run goes). The
                    -- newest slices, over about 200 orders, give the backlog estimate its requests per order.
                    CREATE TABLE booking_pace (
                        id INTEGER PRIMARY KEY,
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        at INTEGER NOT NULL,
                        orders INTEGER NOT NULL,
                        requests INTEGER NOT NULL
                    );
                    CREATE INDEX booking_pace_by_connection ON booking_pace(connection_id, id);
                    """)
        }
        migrator.registerMigration("v20: the ledger's bookings as last read, for incremental reconciles") { db in
            try db.execute(
                sql: """
                    -- Every ledger booking of a connection as the reconciler last read it, with the
                    -- ledger's version: a nightly run asks the ledger for ids and versions only and
                    -- reads again just the bookings whose version is not the one kept here. The
                    -- columns are those of the run's scratch table (LedgerSnapshot).
                    CREATE TABLE ledger_copy (
                        connection_id INTEGER NOT NULL REFERENCES connection(id),
                        id TEXT NOT NULL,
                        reference TEXT NOT NULL, date TEXT NOT NULL, gross INTEGER NOT NULL, net INTEGER NOT NULL,
                        vat TEXT NOT NULL, version TEXT NOT NULL, has_customer INTEGER NOT NULL, name TEXT, email TEXT,
                        street TEXT, postcode TEXT, city TEXT, country TEXT, vat_number TEXT, payment_state TEXT,
                        paid INTEGER, unpaid INTEGER, credit_of TEXT, edited_at INTEGER,
                        PRIMARY KEY (connection_id, id)
                    ) WITHOUT ROWID;
                    CREATE INDEX ledger_copy_by_date ON ledger_copy(connection_id, date);
                    """)
        }
        migrator.registerMigration("v21: accepted signatures in the order they expire") { db in
            try db.execute(
                sql: """
                    -- Keyed by expiry first: a push's signature was a random key, and with a
                    -- window's worth of them stored (300 s of pushes) each insert wrote a page of
                    -- its own, most of a push's writes (docs/benchmarks.md, "Where a push's time goes").
                    -- In expiry order the inserts of a commit share the last pages and the
                    -- pruning takes the first. A replay is the same request: the same signed
                    -- timestamp, so the same expires_at, and the same signature.
                    CREATE TABLE accepted_signature_new (
                        expires_at INTEGER NOT NULL,
                        signature BLOB NOT NULL,
                        PRIMARY KEY (expires_at, signature)
                    ) WITHOUT ROWID;
                    INSERT INTO accepted_signature_new (expires_at, signature)
                        SELECT expires_at, signature FROM accepted_signature;
                    DROP TABLE accepted_signature;
                    ALTER TABLE accepted_signature_new RENAME TO accepted_signature;
                    """)
        }
        migrator.registerMigration("v22: one index over the orders that need attention") { db in
            // Replaces the index by state and the one of unexamined orders: a push wrote a page
            // in each (OrdersNeedingAttention).
            try db.execute(
                sql: """
                    DROP INDEX shop_order_by_state;
                    DROP INDEX shop_order_unexamined;
                    CREATE INDEX shop_order_attention ON shop_order(connection_id, examined_version < version, state)
                        WHERE (state <> 'booked' OR examined_version < version OR ledger_mismatch IS NOT NULL);
                    """)
        }
        return migrator
    }
}
