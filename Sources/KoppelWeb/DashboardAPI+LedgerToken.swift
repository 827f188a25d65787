import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders
import Logging

/// "Koppel met <ledger>" for a ledger connected with a user name and an API key (Factuursturen):
/// a form instead of an OAuth redirect. The dashboard password is asked again, as for the shop's
/// keys; the key is checked against the ledger before it is stored (`KoppelAdmin.LedgerTokenConnecting`),
/// stored sealed as `koppel ledger connect` stores it, and never shown back or logged.
extension DashboardAPI {
    struct LedgerTokenForm: Decodable {
        var username: String
        var apiKey: String
        var password: String
    }

    func ledgerTokenRoute(_ request: WebRequest, connection listing: ConnectionListing, session: WebSession) async throws
        -> WebAnswer
    {
        guard let connection = try database.connection(license: listing.license) else { throw WebError.notFound }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard provider.connectionMethod == .token else { throw WebError.notFound }
        let form = try Self.decodeSnakeCase(LedgerTokenForm.self, request)
        let username = form.username.trimmingCharacters(in: .whitespacesAndNewlines)
        let apiKey = form.apiKey.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = LedgerTokenConnecting.problem(username: username, apiKey: apiKey) {
            throw WebError.invalidField(problem.field, problem.dutch)
        }
        try await confirmPassword(form.password, request: request, session: session)
        let connecting = LedgerTokenConnecting(
            database: database, sealer: SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath)))
        let baseURL = tokenLedgerAddress(provider)
        let now = clock()
        let name = provider.kind.displayName
        do {
            // A call to the ledger: off the server's event loops.
            try await Task.detached {
                try connecting.connect(connection, baseURL: baseURL, username: username, apiKey: apiKey, now: now)
            }.value
        } catch let problem as ConfigurationError {
            throw WebError.invalidField(problem.field, problem.dutch)
        } catch let error as LedgerTokenConnecting.LedgerDidNotAnswer {
            logger.warning("ledger key not checked", metadata: ["connection": "\(connection.id)", "problem": "\(error)"])
            throw WebError(
                status: 502, code: "ledger_unavailable",
                message: "\(name) is nu niet bereikbaar; er is niets gewijzigd. Probeer het later opnieuw.")
        } catch is AdminError {
            throw WebError.administrationShared
        }
        logger.info(
            "ledger connected", metadata: ["user": "\(session.userID)", "connection": "\(connection.id)", "ledger": "\(provider.kind.rawValue)"])
        return try WebAnswer.json(
            ["message": "\(name) is gekoppeld met de gebruikersnaam \(username). koppel boekt voortaan in dit account."])
    }

    /// Where koppel-web reaches a ledger connected through a form (`--factuursturen-url`, `--asperion-url`),
    /// else the provider's own address.
    func tokenLedgerAddress(_ provider: any LedgerProvider) -> String {
        settings.tokenLedgerURLs[provider.kind] ?? provider.defaultBaseURL
    }
}
