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
    /// koppel's OAuth application at Moneybird, for refreshing expired access tokens.
    let moneybirdClient: MoneybirdOAuth.Client?
    let clock: () -> Int64

    public init(
        database: KoppelDatabase, sealer: SecretSealer, budgets: RateBudgets = RateBudgets(limit: 150, windowSeconds: 300),
        requestTimeout: Int = 30, moneybirdClient: MoneybirdOAuth.Client? = nil,
        clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.database = database
        self.sealer = sealer
        self.budgets = budgets
        self.requestTimeout = requestTimeout
        self.moneybirdClient = moneybirdClient
        self.clock = clock
    }

    public func ledger(for connection: Connection) throws -> any Ledger {
        guard let access = try database.ledgerAccess(connectionID: connection.id) else {
            throw LedgerError(.unauthorized, "the ledger is not connected yet (koppel ledger connect)")
        }
        let tokensJSON = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        switch connection.ledger {
        case .moneybird:
            var tokens = try JSONDecoder().decode(MoneybirdOAuth.Tokens.self, from: Data(tokensJSON.utf8))
            // An access token about to expire is refreshed first (a minute's margin).
            if let expiresAt = tokens.expiresAt, expiresAt <= clock() + 60 {
                tokens = try refresh(tokens, connection: connection, access: access)
            }
            let settings = try Self.moneybirdSettings(access.settingsJSON, of: connection)
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

    /// Refreshes the connection's Moneybird tokens now and stores the new ones sealed; after a 401
    /// the job calls this once before giving up.
    public func refreshTokens(for connection: Connection) throws {
        guard let access = try database.ledgerAccess(connectionID: connection.id) else { return }
        let json = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        _ = try refresh(JSONDecoder().decode(MoneybirdOAuth.Tokens.self, from: Data(json.utf8)), connection: connection, access: access)
    }

    private func refresh(_ tokens: MoneybirdOAuth.Tokens, connection: Connection, access: StoredLedgerAccess) throws -> MoneybirdOAuth.Tokens {
        guard let client = moneybirdClient, tokens.refreshToken != nil else {
            throw LedgerError(.unauthorized, "the Moneybird access has expired: connect Moneybird again (koppel ledger authorize)")
        }
        let refreshed = try MoneybirdOAuth(baseURL: access.baseURL, client: client).refresh(tokens, now: clock())
        // Only the tokens: a settings edit made meanwhile stays.
        let tokensJSON = try JSONEncoder().encode(refreshed)
        guard try database.updateLedgerTokens(connection: connection, tokensJSON: tokensJSON, sealer: sealer, now: clock()) else {
            throw LedgerError(.unauthorized, "the ledger is not connected yet (koppel ledger connect)")
        }
        return refreshed
    }

    /// The stored Moneybird settings, the defaults while none are stored; unreadable ones stop
    /// the connection rather than book with defaults.
    public static func moneybirdSettings(_ json: String?, of connection: Connection) throws -> MoneybirdSettings {
        guard let json else { return MoneybirdSettings() }
        do {
            return try JSONDecoder().decode(MoneybirdSettings.self, from: Data(json.utf8))
        } catch {
            throw UnreadableStoredValue(
                connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                column: "connection_ledger_settings.settings", reason: "not Moneybird settings")
        }
    }
}
