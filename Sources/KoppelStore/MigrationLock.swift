import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Migrations one process at a time. GRDB's migrator reads which migrations are applied before
/// it opens each migration's transaction, so two programs starting on a new database at once
/// (koppel-fcgi and koppel-web under systemd, or two jobs) both see it unmigrated and the second
/// fails with "table already exists". An exclusive `flock` on a file beside the database makes
/// the second wait and then find the migrations done; the kernel drops the lock with the process.
enum MigrationLock {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot lock \(path) for the database's migrations: \(reason)" }
    }

    static func around<T>(databasePath: String, _ body: () throws -> T) throws -> T {
        let path = databasePath + ".migrate-lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode_t(FileModes.privateFile))
        guard descriptor >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
