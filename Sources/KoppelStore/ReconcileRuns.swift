import Foundation
import GRDB

/// One reconcile run as the store holds it, for the dashboard's Rapporten.
public struct StoredReconcileRun: Sendable, Equatable {
    public var id: Int64
    public var startedAt: Int64
    public var finishedAt: Int64
    public var periodFirst: String
    public var periodLast: String
    public var booked: Int
    public var inLedger: Int
    public var mismatches: Int
    public var changed: Int
    public var requests: Int
    /// The CSV the run wrote, as the run named it; nil when it wrote none.
    public var reportPath: String?
    public var mail: String?
}

extension KoppelDatabase {
    /// A connection's reconcile runs, newest first.
    /// - Parameter before: where a page starts (keyset): the runs after this (started_at, id), newest first.
    public func reconcileRuns(connectionID: Int64, before: (startedAt: Int64, id: Int64)? = nil, limit: Int = 100) throws
        -> [StoredReconcileRun]
    {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM reconcile_run WHERE connection_id = ? AND (? IS NULL OR (started_at, id) < (?, ?))
                    ORDER BY started_at DESC, id DESC LIMIT ?
                    """,
                arguments: [connectionID, before?.startedAt, before?.startedAt, before?.id, limit]
            ).map { row in
                StoredReconcileRun(
                    id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                    periodFirst: row["period_first"], periodLast: row["period_last"], booked: row["booked"],
                    inLedger: row["in_ledger"], mismatches: row["mismatches"], changed: row["changed"],
                    requests: row["requests"], reportPath: row["report_path"], mail: row["mail"])
            }
        }
    }
}
