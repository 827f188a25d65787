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
        guard let combined = box.combined else { throw SecretError.cannotOpen }
        return Data([Self.formatVersion]) + combined
    }

    public func open(_ sealed: Data, context: String) throws(SecretError) -> String {
        guard sealed.first == Self.formatVersion,
            let box = try? AES.GCM.SealedBox(combined: sealed.dropFirst()),
            let plain = try? AES.GCM.open(box, using: masterKey.key, authenticating: Data(context.utf8)),
            let text = String(data: plain, encoding: .utf8)
        else { throw .cannotOpen }
        return text
    }
}
