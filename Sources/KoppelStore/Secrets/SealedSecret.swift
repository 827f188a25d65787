import Foundation

/// A secret as the database holds it: sealed and bound to what it belongs to, with the words a
/// message needs when it does not open (what it is, how to store it again).
public struct SealedSecret: Sendable {
    /// Where it is stored.
    public enum Place: Sendable, Equatable {
        case apiKey(license: String)
        case ledgerAccess(connectionID: Int64)
        case shopAccess(connectionID: Int64)
        case mailPassword
    }

    public let sealed: Data
    let context: String
    public let place: Place
    /// `the API key of Bakkerij (KPL-…)`.
    public let name: String
    /// The command that stores it again.
    public let remedy: String

    /// A connection's API key; `connection` is its `name (license)`.
    public static func apiKey(_ sealed: Data, license: String, connection: String) -> SealedSecret {
        SealedSecret(
            sealed: sealed, context: KoppelDatabase.apiKeyContext(license: license), place: .apiKey(license: license),
            name: "the API key of \(connection)", remedy: "koppel connection set-api-key \(license)")
    }

    /// A connection's ledger tokens.
    public static func ledgerAccess(_ sealed: Data, connectionID: Int64, license: String, connection: String) -> SealedSecret {
        SealedSecret(
            sealed: sealed, context: KoppelDatabase.ledgerTokensContext(license: license),
            place: .ledgerAccess(connectionID: connectionID), name: "the ledger access of \(connection)",
            remedy: "koppel ledger connect \(license)")
    }

    /// A fetched shop's API access (its tokens).
    public static func shopAccess(_ sealed: Data, connectionID: Int64, license: String, connection: String) -> SealedSecret {
        SealedSecret(
            sealed: sealed, context: KoppelDatabase.shopAccessContext(license: license),
            place: .shopAccess(connectionID: connectionID), name: "the shop access of \(connection)",
            remedy: "koppel connection set-shop-access \(license)")
    }

    /// The SMTP server's password.
    public static func mailPassword(_ sealed: Data) -> SealedSecret {
        SealedSecret(
            sealed: sealed, context: KoppelDatabase.mailPasswordContext, place: .mailPassword, name: "the SMTP password",
            remedy: "koppel mail set")
    }
}

extension SealedSecret {
    public static func apiKey(_ sealed: Data, of connection: Connection) -> SealedSecret {
        apiKey(sealed, license: connection.licenseKey, connection: "\(connection.name) (\(connection.licenseKey))")
    }

    public static func ledgerAccess(_ sealed: Data, of connection: Connection) -> SealedSecret {
        ledgerAccess(
            sealed, connectionID: connection.id, license: connection.licenseKey,
            connection: "\(connection.name) (\(connection.licenseKey))")
    }

    public static func shopAccess(_ sealed: Data, of connection: Connection) -> SealedSecret {
        shopAccess(
            sealed, connectionID: connection.id, license: connection.licenseKey,
            connection: "\(connection.name) (\(connection.licenseKey))")
    }
}
