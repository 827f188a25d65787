import Foundation

/// Removes what may be a secret from a problem report's bundle before it leaves koppel: every
/// value under a key that names a password, a token, a secret or a key (API keys, OAuth tokens,
/// sealed blobs), at any depth. The store's queries select no secret columns to begin with; this
/// is the second line, for secrets inside stored JSON (a shop's settings, a ledger's settings).
enum SecretScrubber {
    static let removed = "[verwijderd]"

    /// Parts of a name that mark its value as secret. `license_key` is the connection's public
    /// name (it is in every URL), so it stays.
    static let secretWords = [
        "password", "passwd", "secret", "token", "sealed", "api_key", "apikey", "private", "encryption", "_key",
        "salt", "credential",
    ]
    static let publicNames: Set<String> = ["license_key"]

    static func scrubbed(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            // A shop setting as OpenCart keeps it, `{"key": "config_encryption", "value": ...}`:
            // the name is in the row.
            if let name = object["key"] as? String, object["value"] != nil, isSecret(name) {
                var clean = object
                clean["value"] = removed
                return clean
            }
            var clean: [String: Any] = [:]
            for (key, inner) in object {
                clean[key] = isSecret(key) ? removed : scrubbed(inner)
            }
            return clean
        }
        if let array = value as? [Any] { return array.map(scrubbed) }
        return value
    }

    static func isSecret(_ name: String) -> Bool {
        let name = name.lowercased()
        guard !publicNames.contains(name) else { return false }
        return secretWords.contains { name.contains($0) }
    }
}
