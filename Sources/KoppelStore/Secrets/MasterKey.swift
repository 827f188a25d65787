import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The operator's master key: 32 random bytes in a file outside the database (base64, mode 0600).
/// Secrets in the database are sealed with it, so a copy of the database alone gives none away;
/// and no other key opens them, so the file is made once and kept (`MasterKey+Store.swift`).
public struct MasterKey: Sendable {
    private let bytes: Data
    /// The file the key was read from, which errors name; nil for a key that lives only in memory.
    public let path: String?

    public init(key: SymmetricKey, path: String? = nil) {
        self.bytes = key.withUnsafeBytes { Data($0) }
        self.path = path
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
        return MasterKey(key: SymmetricKey(data: bytes), path: path)
    }

    /// Writes a new random key to `path` (mode 0600, its folder made 0750 when missing). Never
    /// overwrites: when the file exists, by now or because another process just made it, the
    /// key in it is returned.
    public static func create(at path: String) throws(SecretError) -> MasterKey {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: FileModes.privateFolder])
            } catch {
                throw .masterKeyUnwritable(path)
            }
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
        return MasterKey(key: key, path: path)
    }
}
