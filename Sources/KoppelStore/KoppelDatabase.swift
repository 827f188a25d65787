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

    /// Commits the pushes have shared so far (`koppel-bench store-writes` divides its orders by them).
    public var pushCommits: Int { pushWrites.groupCount }

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
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: FileModes.privateFolder])
        }
        self.path = path
        // Opened under the migration lock too: a pool's first connection switches a new file to WAL,
        // and SQLite answers that switch "database is locked" at once, without waiting, while
        // another process opens the same new file.
        let pool = try MigrationLock.around(databasePath: path) { () throws -> DatabasePool in
            let pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            return pool
        }
        self.pool = pool
        self.pushWrites = GroupCommit(pool: pool)
        // Orders and customers: for koppel's user and group only, also where an earlier koppel
        // left the file open to others. SQLite gives the -wal and -shm files the database's mode.
        for file in [path, path + "-wal", path + "-shm"] { try FileModes.restrict(file, to: FileModes.privateFile) }
    }
}
