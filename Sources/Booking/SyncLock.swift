import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One booking run per connection at a time, across processes: an exclusive `flock` on a file
/// beside the database. The kernel releases it when the process ends, however it ends, so a run
/// killed halfway never blocks the next one.
public final class SyncLock {
    private let descriptor: Int32

    /// Takes the lock, or returns nil when another run holds it.
    public init?(path: String) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
