/// Why a secret could not be sealed or opened. Messages name files and what a secret is for,
/// never a secret, and say what to do.
public enum SecretError: Error, Equatable, CustomStringConvertible {
    case masterKeyMissing(String)
    case masterKeyTooOpen(String)
    case masterKeyUnreadable(String)
    case masterKeyUnwritable(String)
    /// The key file opens none of the secrets the store holds (this many).
    case masterKeyForeign(String, secrets: Int)
    /// A sealed secret that does not open: what it is, the key file tried, how to store it again.
    case cannotOpen(secret: String, keyPath: String?, remedy: String?)

    public var description: String {
        switch self {
        case .masterKeyMissing(let path):
            return "the master key file \(path) does not exist. The API keys, ledger access and SMTP password in the database "
                + "were sealed with it and no other key opens them: restore it from a backup (mode 0600, owned by the user koppel "
                + "runs as). koppel makes a new key only for a database without secrets; `koppel init --new-master-key` starts "
                + "over with a new one, after which those secrets must be entered again"
        case .masterKeyTooOpen(let path): return "the master key file \(path) may be read by others: chmod 600 it"
        case .masterKeyUnreadable(let path): return "the master key file \(path) does not hold a base64 key of 32 bytes"
        case .masterKeyUnwritable(let path): return "the master key file \(path) could not be written"
        case .masterKeyForeign(let path, let secrets):
            return "the master key file \(path) opens none of the stored secrets (\(secrets)): it is not the key they were "
                + "sealed with. Restore that key file from a backup; koppel seals nothing new under another key"
        case .cannotOpen(let secret, let keyPath, let remedy):
            return "\(secret) does not open with the master key \(keyPath ?? "in use"): it was sealed with another key, or "
                + "altered. Restore the key file it was sealed with" + (remedy.map { ", or store it again (\($0))" } ?? "")
        }
    }
}
