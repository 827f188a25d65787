import GRDB

/// How each job last went per connection: one connection failing night after night shows in
/// `koppel connection list` while the others go on.
extension KoppelDatabase {
    /// Records the run of `job` ("sync", "reconcile") that just ended; `problem` nil when it went
    /// well. The problem is an error's description, which never carries a credential; it is kept
    /// on one line and short.
    public func recordRun(connectionID: Int64, job: String, problem: String?, now: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connection_run (connection_id, job, at, problem) VALUES (?, ?, ?, ?)
                    ON CONFLICT (connection_id, job) DO UPDATE SET at = excluded.at, problem = excluded.problem
                    """,
                arguments: [connectionID, job, now, problem.map(Self.oneLine)])
        }
    }

    /// The last run of each job of the connection, by job name.
    public func lastRuns(connectionID: Int64) throws -> [(job: String, at: Int64, problem: String?)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT job, at, problem FROM connection_run WHERE connection_id = ? ORDER BY job",
                arguments: [connectionID]
            ).map { (try $0.decode(forColumn: "job"), try $0.decode(forColumn: "at"), try $0.decode(forColumn: "problem")) }
        }
    }

    /// Whitespace runs (line breaks of nested errors) become one space; at most 500 characters.
    static func oneLine(_ problem: String) -> String {
        let words = problem.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count <= 500 ? words : String(words.prefix(499)) + "…"
    }
}
