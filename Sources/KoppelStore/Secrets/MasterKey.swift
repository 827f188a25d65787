import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The operator's master key: 32 random bytes in a file outside the database (base64, mode 0600).
/// Secrets in the database are sealed with it, so a copy of the database alone gives none away.
public struct MasterKey: Sendable {
    private let bytes: Data

    public init(key: SymmetricKey) {
        self.bytes = key.withUnsafeBytes { Data($0) }
    }

    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A new random key that lives only in memory.
    public static func random() -> MasterKey {
        MasterKey(key: SymmetricKey(size: .bits256))
    }

    /// Reads the key at `path`.
    public static func load(from path: String) throws(SecretError) -> MasterKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .masterKeyMissing(path) }
        guard info.st_mode & 0o077 == 0 else { throw .masterKeyTooOpen(path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32
        else { throw .masterKeyUnreadable(path) }
        return MasterKey(key: SymmetricKey(data: bytes))
    }

    /// Reads the key at `path`, creating it (mode 0600, never overwriting) when there is none yet.
    public static func loadOrCreate(at path: String) throws(SecretError) -> MasterKey {
        if FileManager.default.fileExists(atPath: path) { return try load(from: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        // O_EXCL: when two processes race to create it, one wins and the other reads the winner's.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return try load(from: path) }
            throw .masterKeyUnwritable(path)
        }
        defer { close(descriptor) }
        let written = text.utf8CString.withUnsafeBufferPointer { buffer in
            write(descriptor, buffer.baseAddress, buffer.count - 1)
        }
        guard written == text.utf8.count, fsync(descriptor) == 0 else { throw .masterKeyUnwritable(path) }
        return MasterKey(key: key)
    }
}

/// Why a secret could not be sealed or opened. Messages name files, never secrets.
public enum SecretError: Error, Equatable, CustomStringConvertible {
    case masterKeyMissing(String)
    case masterKeyTooOpen(String)
    case masterKeyUnreadable(String)
    case masterKeyUnwritable(String)
    case cannotOpen

    public var description: String {
        switch self {
        case .masterKeyMissing(let path): return "the master key file \(path) does not exist"
        case .masterKeyTooOpen(let path): return "the master key file \(path) may be read by others: chmod 600 it"
        case .masterKeyUnreadable(let path): return "the master key file \(path) does not hold a base64 key of 32 bytes"
        case .masterKeyUnwritable(let path): return "the master key file \(path) could not be written"
        case .cannotOpen: return "a sealed secret does not open with this master key (another key, or altered data)"
        }
    }
}
