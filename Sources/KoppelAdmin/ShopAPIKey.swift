import KoppelCore
import KoppelStore

/// The API key a shop signs its pushes with, the same one its owner enters in the shop extension:
/// checked by `APIKeyRules` (15 to 64 characters: letters, digits and `!*@#()=`; the OpenCart
/// manual advises at least 15 and allows at most 64) and stored only sealed, bound to the
/// license. `koppel connection set-api-key` and Configuratie's OpenCart section both store it here.
public struct ShopAPIKey {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// Why the key is refused, for the command line and in Dutch; nil when it is acceptable.
    /// The key itself is never part of a message.
    public static func problem(with key: String) -> ConfigurationError? {
        guard let english = APIKeyRules.problem(with: key) else { return nil }
        let length = key.utf8.count
        let dutch =
            APIKeyRules.lengthRange.contains(length)
            ? "De API-sleutel mag alleen letters (a-z, A-Z), cijfers en de tekens ! * @ # ( ) = bevatten."
            : "De API-sleutel moet \(APIKeyRules.lengthRange.lowerBound) tot \(APIKeyRules.lengthRange.upperBound) "
                + "tekens lang zijn (deze heeft er \(length))."
        return ConfigurationError(field: "api_key", english, dutch: dutch)
    }

    /// Stores the key (replacing the one before) after checking it; false when no connection has
    /// the license. koppel-fcgi keeps a connection's row for a few seconds
    /// (`RequestAuthenticator.connectionLifetime`), so the old key may still open pushes that long.
    public func store(_ key: String, license: String, now: Int64) throws -> Bool {
        if let problem = Self.problem(with: key) { throw problem }
        return try database.setAPIKey(key, license: license, sealer: sealer, now: now)
    }
}
