import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who may read what koppel writes: orders, customers, reports and keys are for koppel's user
/// and its group, never for the other users of the machine.
public enum FileModes {
    /// The umask koppel's programs start with: nothing for others, no writing for the group.
    public static let processMask: mode_t = 0o027
    /// Folders koppel makes for its data, reports and key.
    public static let privateFolder = 0o750
    /// The database and its -wal and -shm, the reports.
    public static let privateFile = 0o640

    /// Sets the process umask; the first thing each program does, before it makes any file.
    public static func restrictProcess() {
        umask(processMask)
    }

    /// Takes from a file or folder koppel owns what `allowed` does not grant (an earlier koppel
    /// left them open to others); a missing file, or one of another user, is left as it is.
    public static func restrict(_ path: String, to allowed: Int) throws {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid == geteuid() else { return }
        let mode = info.st_mode & 0o7777
        let narrowed = mode & mode_t(allowed)
        guard narrowed != mode else { return }
        guard chmod(path, narrowed) == 0 else { throw FileModeError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// A mode that could not be narrowed.
public struct FileModeError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "could not close \(path) to other users: \(reason)" }
}
