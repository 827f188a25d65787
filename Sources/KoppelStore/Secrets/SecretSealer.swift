import Crypto
import Foundation

/// Seals secrets (API keys, OAuth tokens) with AES-256-GCM under the master key.
///
/// Each sealed value is bound to what it belongs to (`context`, e.g. the license key): a sealed
/// API key copied onto another connection's row does not open there.
public struct SecretSealer: Sendable {
    /// First byte of every sealed value, so that the format can change later.
    static let formatVersion: UInt8 = 1

    let masterKey: MasterKey

    public init(masterKey: MasterKey) {
        self.masterKey = masterKey
    }

    public func seal(_ secret: String, context: String) throws -> Data {
        let box = try AES.GCM.seal(Data(secret.utf8), using: masterKey.key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { preconditionFailure("AES.GCM with its default nonce has a combined form") }
        return Data([Self.formatVersion]) + combined
    }

    /// Opens a stored secret; the error names it, the key file and how to store it again.
    public func open(_ secret: SealedSecret) throws(SecretError) -> String {
        guard let text = opened(secret.sealed, context: secret.context) else {
            throw .cannotOpen(secret: secret.name, keyPath: masterKey.path, remedy: secret.remedy)
        }
        return text
    }

    public func open(_ sealed: Data, context: String) throws(SecretError) -> String {
        guard let text = opened(sealed, context: context) else {
            throw .cannotOpen(secret: "a sealed secret", keyPath: masterKey.path, remedy: nil)
        }
        return text
    }

    /// Whether the secret opens with this key.
    public func opens(_ secret: SealedSecret) -> Bool {
        opened(secret.sealed, context: secret.context) != nil
    }

    private func opened(_ sealed: Data, context: String) -> String? {
        guard sealed.first == Self.formatVersion,
            let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst()),
            let plain = try? AES.GCM.open(box, using: masterKey.key, authenticating: Data(context.utf8))
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}
