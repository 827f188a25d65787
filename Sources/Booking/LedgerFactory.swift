import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Moneybird

/// Makes the ledger adapter of a connection: its stored access opened with the master key, the
/// process-wide rate budget of its administration.
public final class LedgerFactory {
    let database: KoppelDatabase
    let sealer: SecretSealer
    let budgets: RateBudgets
    let requestTimeout: Int

    public init(
        database: KoppelDatabase, sealer: SecretSealer, budgets: RateBudgets = RateBudgets(limit: 150, windowSeconds: 300),
        requestTimeout: Int = 30
    ) {
        self.database = database
        self.sealer = sealer
        self.budgets = budgets
        self.requestTimeout = requestTimeout
    }

    public func ledger(for connection: Connection) throws -> any Ledger {
        guard let access = try database.ledgerAccess(connectionID: connection.id) else {
            throw LedgerError(.unauthorized, "the ledger is not connected yet (koppel ledger connect)")
        }
        let tokensJSON = try sealer.open(access.sealedTokens, context: KoppelDatabase.ledgerTokensContext(license: connection.licenseKey))
        switch connection.ledger {
        case .moneybird:
            let tokens = try JSONDecoder().decode(MoneybirdOAuth.Tokens.self, from: Data(tokensJSON.utf8))
            let settings = try JSONDecoder().decode(MoneybirdSettings.self, from: Data(access.settingsJSON.utf8))
            return try MoneybirdLedger(
                access: MoneybirdAccess(
                    baseURL: access.baseURL, administrationID: access.administrationID, accessToken: tokens.accessToken,
                    timeout: requestTimeout),
                settings: settings, budget: budgets.budget(for: access.administrationID),
                contacts: StoredContactDirectory(database: database))
        case .minox, .factuursturen, .asperion:
            throw LedgerError(.unauthorized, "booking into \(connection.ledger.rawValue) is not available yet")
        }
    }
}
