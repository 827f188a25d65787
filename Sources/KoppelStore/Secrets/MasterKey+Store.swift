import Foundation

/// The one master key of a store. A lost key file is never made again behind the operator's
/// back: the secrets sealed with it would open no more, and every connection would stop.
extension MasterKey {
    /// The key to seal a new secret with: the key file's, provided it opens the secrets already
    /// stored; a new key file only while the store holds no sealed secret, so that none is lost.
    public static func forSealing(at path: String, in database: KoppelDatabase) throws -> MasterKey {
        let secrets = try database.sealedSecrets()
        guard FileManager.default.fileExists(atPath: path) else {
            guard secrets.isEmpty else { throw SecretError.masterKeyMissing(path) }
            return try create(at: path)
        }
        let key = try load(from: path)
        // Some may not open (altered, or sealed with a key lost and replaced by
        // `koppel init --new-master-key`): storing them again is how they are mended. None at all
        // opening means another store's key, or one made in place of a lost one.
        let sealer = SecretSealer(masterKey: key)
        guard secrets.isEmpty || secrets.contains(where: sealer.opens) else {
            throw SecretError.masterKeyForeign(path, secrets: secrets.count)
        }
        return key
    }
}
