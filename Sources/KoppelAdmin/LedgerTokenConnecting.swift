import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// "Koppel met <ledger>" for a ledger connected with a user name and an API key (Factuursturen:
/// manual 004 §4, the key made under Instellingen › Verbindingen). Unlike `koppel ledger connect`,
/// the dashboard asks the ledger first (one cheap request, the adapter's `checkAccess()`): a key
/// the ledger refuses is never stored. Stored as the CLI stores "username:apikey", sealed; the
/// administration is the user name, so another user name forgets the old account's choices.
public struct LedgerTokenConnecting: Sendable {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// The ledger could not be asked (unreachable, a 5xx, its hourly limit): the key is neither
    /// known good nor bad, so it is not stored. The description is the ledger's, free of the key.
    public struct LedgerDidNotAnswer: Error, CustomStringConvertible {
        public var description: String
    }

    /// Why a user name or key is refused before asking the ledger; nil when they may be tried.
    public static func problem(username: String, apiKey: String) -> ConfigurationError? {
        if username.isEmpty {
            return ConfigurationError(field: "username", "the user name is empty", dutch: "Vul de gebruikersnaam in.")
        }
        // HTTP Basic cannot carry a colon in the user name (RFC 7617 §2); the stored form splits at it.
        if username.utf8.count > 254 || username.contains(":") || username.contains(where: { $0.isNewline }) {
            return ConfigurationError(
                field: "username", "the user name cannot be sent to the ledger",
                dutch: "Deze gebruikersnaam kan niet kloppen: vul de gebruikersnaam in waarmee je inlogt, zonder dubbele punt.")
        }
        if apiKey.isEmpty {
            return ConfigurationError(field: "api_key", "the API key is empty", dutch: "Vul de API-sleutel in.")
        }
        if apiKey.utf8.count > 512 || apiKey.contains(where: { $0.isWhitespace }) {
            return ConfigurationError(
                field: "api_key", "the API key is not one the ledger makes",
                dutch: "Dit is geen API-sleutel: kopieer de sleutel zonder spaties.")
        }
        return nil
    }

    /// Checks the user name and key against the ledger at `baseURL`, then stores them; the
    /// administration stored (the user name). Nothing is stored when the ledger refuses or cannot
    /// be asked. Blocks on the network: call it off an event loop.
    /// - Throws: `ConfigurationError` (refused, `field` names the input), `LedgerDidNotAnswer`,
    ///   `AdminError` (another connection books into this account).
    @discardableResult
    public func connect(_ connection: Connection, baseURL: String, username: String, apiKey: String, now: Int64) throws -> String {
        let username = username.trimmingCharacters(in: .whitespacesAndNewlines)
        let apiKey = apiKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.problem(username: username, apiKey: apiKey) { throw problem }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard provider.connectionMethod == .token else {
            throw ConfigurationError(
                field: "ledger", "\(provider.kind.displayName) is not connected with an API key",
                dutch: "\(provider.kind.displayName) koppel je niet met een API-sleutel.")
        }
        let credentials = try provider.credentialsJSON(fromInput: username + ":" + apiKey)
        let administration = try provider.administrationID(tenant: nil, administration: username)
        try check(provider, baseURL: baseURL, administration: administration, credentialsJSON: credentials)
        try LedgerConnecting(database: database, sealer: sealer).connect(
            connection, baseURL: baseURL, administration: administration, credentialsJSON: credentials, now: now)
        return administration
    }

    /// One request with the new access, outside the connection's budget: it is made once, by a person.
    private func check(_ provider: any LedgerProvider, baseURL: String, administration: String, credentialsJSON: Data) throws {
        let budgets = RateBudgets(limit: provider.ratePolicy.limit, windowSeconds: provider.ratePolicy.windowSeconds)
        let opening = LedgerOpening(
            baseURL: baseURL, administrationID: administration,
            budget: budgets.budget(for: provider.budgetKey(administrationID: administration)), contacts: nil, requestTimeout: 15,
            // A ledger at its hourly limit is asked again for a few seconds, not for the hour: a person waits for the answer.
            longestRateWait: 5)
        let ledger = try provider.open(
            opening, credentialsJSON: String(decoding: credentialsJSON, as: UTF8.self), settingsJSON: nil)
        do {
            try ledger.checkAccess()
        } catch let error where error.kind == .unauthorized {
            throw ConfigurationError(
                field: "api_key", "\(provider.kind.displayName) refused the user name or the API key",
                dutch: "\(provider.kind.displayName) weigert deze gebruikersnaam of API-sleutel. Controleer ze in "
                    + "\(provider.kind.displayName) (Instellingen › Verbindingen); er is niets gewijzigd.")
        } catch {
            throw LedgerDidNotAnswer(description: error.message)
        }
    }
}
