import Foundation
import GRDB
import KoppelCore

/// How a connection is reconciled: the tolerance and who gets the nightly e-mail.
public struct ReconcileSettings: Sendable, Equatable {
    /// A difference larger than this is a mismatch; one up to it is listed as a notice.
    public var tolerance: Cents
    /// The connection's notification addresses.
    public var notifyEmails: [String]
    /// Also mail when a run finds nothing.
    public var mailWhenClean: Bool

    public init(tolerance: Cents = .zero, notifyEmails: [String] = [], mailWhenClean: Bool = false) {
        self.tolerance = tolerance
        self.notifyEmails = notifyEmails
        self.mailWhenClean = mailWhenClean
    }
}

/// One reconcile run as remembered: what it compared, what it found, where the report went.
public struct ReconcileRun: Sendable, Equatable {
    public var connectionID: Int64
    public var startedAt: Int64
    public var finishedAt: Int64
    public var summary: ReconcileSummary
    public var reportPath: String?
    /// "sent to …", "not sent: …", or nil when no mail was due.
    public var mail: String?

    public init(connectionID: Int64, startedAt: Int64, finishedAt: Int64, summary: ReconcileSummary, reportPath: String?, mail: String?) {
        self.connectionID = connectionID
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.summary = summary
        self.reportPath = reportPath
        self.mail = mail
    }
}

extension KoppelDatabase {
    /// The defaults while nothing is set; a stored value that cannot be read throws
    /// `UnreadableStoredValue` (a nightly e-mail to nobody would go unnoticed).
    public func reconcileSettings(connectionID: Int64) throws -> ReconcileSettings {
        try pool.read { db in try Self.reconcileSettings(db, connectionID: connectionID) }
    }

    private static func reconcileSettings(_ db: Database, connectionID: Int64) throws -> ReconcileSettings {
        let sql = """
            SELECT c.name, c.license_key, r.* FROM connection_reconcile r JOIN connection c ON c.id = r.connection_id
            WHERE r.connection_id = ?
            """
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [connectionID]) else { return ReconcileSettings() }
        let stored = StoredRow(row, table: "connection_reconcile", connectionID: connectionID)
        return ReconcileSettings(
            tolerance: Cents(try stored.value("tolerance_cents", as: Int64.self)),
            notifyEmails: try stored.json("notify_emails", as: [String].self, what: "a list of e-mail addresses"),
            mailWhenClean: try stored.value("mail_when_clean"))
    }

    public func setReconcileSettings(_ settings: ReconcileSettings, connectionID: Int64, now: Int64) throws {
        try pool.write { db in try Self.writeReconcileSettings(db, settings, connectionID: connectionID, now: now) }
    }

    /// Reads, changes and writes the settings in one write transaction: two edits at once (the
    /// dashboard and `koppel config reconcile`) both count.
    @discardableResult
    public func updateReconcileSettings(
        connectionID: Int64, now: Int64, _ change: (inout ReconcileSettings) throws -> Void
    ) throws -> ReconcileSettings {
        try pool.write { db in
            var settings = try Self.reconcileSettings(db, connectionID: connectionID)
            try change(&settings)
            try Self.writeReconcileSettings(db, settings, connectionID: connectionID, now: now)
            return settings
        }
    }

    private static func writeReconcileSettings(
        _ db: Database, _ settings: ReconcileSettings, connectionID: Int64, now: Int64
    ) throws {
        let emails = String(decoding: try JSONEncoder().encode(settings.notifyEmails), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO connection_reconcile (connection_id, tolerance_cents, notify_emails, mail_when_clean, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET tolerance_cents = excluded.tolerance_cents,
                    notify_emails = excluded.notify_emails, mail_when_clean = excluded.mail_when_clean,
                    updated_at = excluded.updated_at
                """,
            arguments: [connectionID, settings.tolerance.value, emails, settings.mailWhenClean, now])
    }

    public func recordReconcileRun(_ run: ReconcileRun) throws {
        let summary = run.summary
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO reconcile_run (connection_id, started_at, finished_at, period_first, period_last, booked,
                        in_ledger, mismatches, changed, requests, report_path, mail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.connectionID, run.startedAt, run.finishedAt, summary.period.first, summary.period.last, summary.booked,
                    summary.inLedger, summary.mismatches, summary.counts[.changed] ?? 0, summary.requests, run.reportPath,
                    run.mail,
                ])
        }
    }

    /// The orders whose ledger booking differs, with what differs, newest first.
    public func ledgerMismatches(connectionID: Int64) throws -> [(orderID: Int64, orderReference: String, mismatch: String)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, order_reference, ledger_mismatch FROM shop_order INDEXED BY \(OrdersNeedingAttention.index)
                    WHERE connection_id = ? AND ledger_mismatch IS NOT NULL AND \(OrdersNeedingAttention.condition())
                    ORDER BY id DESC
                    """,
                arguments: [connectionID]
            ).map { ($0["id"], $0["order_reference"], $0["ledger_mismatch"]) }
        }
    }
}
