import Foundation
import GRDB

/// The koppel database: one SQLite file in WAL mode behind GRDB's `DatabasePool`, which serialises
/// all writes on one connection (one writer behind a lock beats a writer per thread) while reads
/// run concurrently from the WAL snapshot.
public final class KoppelDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String
    /// The writes of pushes, committed in groups.
    let pushWrites: GroupCommit

    public init(path: String) throws {
        var configuration = Configuration()
        // Several processes share the file (koppel-fcgi, the CLI, the jobs): wait for each other.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A push is answered only after its commit, and the shop forgets it then: FULL makes
            // that commit survive a power loss too. Pushes share commits (GroupCommit), so the
            // extra sync is paid once per group, not once per order.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        self.path = path
        self.pool = try DatabasePool(path: path, configuration: configuration)
        self.pushWrites = GroupCommit(pool: pool)
        try Self.migrator.migrate(pool)
    }
}
