import Foundation
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders
import Synchronization

/// Makes the ledger adapter of a connection through its ledger's provider: the stored access
/// opened with the master key, the process-wide rate budget of its administration.
public final class LedgerFactory {
    let database: KoppelDatabase
    let sealer: SecretSealer
    /// Tests and benchmarks give one budget for every ledger; otherwise each provider's own policy.
    let sharedBudgets: RateBudgets?
    let requestTimeout: Int
    /// koppel's OAuth application per ledger, for refreshing expired access tokens.
    let clients: [LedgerKind: LedgerOAuthClient]
    let clock: () -> Int64
    /// How long a request may wait for the rate budget; nil: each adapter's own default.
    let longestRateWait: Int64?
    private let budgetsPerLedger = Mutex<[LedgerKind: RateBudgets]>([:])

    public init(
        database: KoppelDatabase, sealer: SecretSealer, budgets: RateBudgets? = nil, requestTimeout: Int = 30,
        clients: [LedgerKind: LedgerOAuthClient] = [:], longestRateWait: Int64? = nil,
        clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.longestRateWait = longestRateWait
        self.database = database
        self.sealer = sealer
        self.sharedBudgets = budgets
        self.requestTimeout = requestTimeout
        self.clients = clients
        self.clock = clock
    }

    public func ledger(for connection: Connection) throws -> any Ledger {
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard let access = try database.ledgerAccess(connectionID: connection.id) else {
            throw LedgerError(.unauthorized, "the ledger is not connected yet (koppel ledger connect)")
        }
        var credentials = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        if try provider.needsRefresh(credentialsJSON: credentials, now: clock()) {
            credentials = try refresh(provider, credentials, connection: connection, access: access)
        }
        let opening = LedgerOpening(
            baseURL: access.baseURL, administrationID: access.administrationID,
            budget: budgets(for: provider).budget(for: provider.budgetKey(administrationID: access.administrationID)),
            contacts: StoredContactDirectory(database: database), requestTimeout: requestTimeout, longestRateWait: longestRateWait,
            outboxPath: outboxPath)
        do {
            return try provider.open(opening, credentialsJSON: credentials, settingsJSON: access.settingsJSON)
        } catch let error as UnreadableLedgerSettings {
            throw UnreadableStoredValue(
                connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                column: "connection_ledger_settings.settings", reason: error.description)
        }
    }

    /// Where ledgers delivered by file keep their files: `$KOPPEL_OUTBOX`, else `outbox/` beside
    /// the database, so that every process of one installation finds the same files.
    var outboxPath: String {
        if let folder = ProcessInfo.processInfo.environment["KOPPEL_OUTBOX"], !folder.isEmpty { return folder }
        return URL(fileURLWithPath: database.path).deletingLastPathComponent().appendingPathComponent("outbox", isDirectory: true).path
    }

    /// Refreshes the connection's tokens now and stores the new ones sealed; after a 401 the job
    /// calls this once before giving up.
    public func refreshTokens(for connection: Connection) throws {
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard let access = try database.ledgerAccess(connectionID: connection.id) else { return }
        let credentials = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        _ = try refresh(provider, credentials, connection: connection, access: access)
    }

    private func refresh(
        _ provider: any LedgerProvider, _ credentials: String, connection: Connection, access: StoredLedgerAccess
    ) throws -> String {
        let refreshed = try provider.refresh(
            credentialsJSON: credentials, baseURL: access.baseURL, client: clients[provider.kind], now: clock())
        // Only the tokens: a settings edit made meanwhile stays.
        guard try database.updateLedgerTokens(connection: connection, tokensJSON: refreshed, sealer: sealer, now: clock()) else {
            throw LedgerError(.unauthorized, "the ledger is not connected yet (koppel ledger connect)")
        }
        return String(decoding: refreshed, as: UTF8.self)
    }

    private func budgets(for provider: any LedgerProvider) -> RateBudgets {
        if let sharedBudgets { return sharedBudgets }
        return budgetsPerLedger.withLock { budgets in
            if let found = budgets[provider.kind] { return found }
            let made = RateBudgets(limit: provider.ratePolicy.limit, windowSeconds: provider.ratePolicy.windowSeconds)
            budgets[provider.kind] = made
            return made
        }
    }

    /// The connection's stored settings in its provider's type, the initial ones while none are
    /// stored; unreadable ones stop the connection rather than book with defaults.
    public static func settings<Provider: LedgerProvider>(
        _ json: String?, of connection: Connection, as provider: Provider
    ) throws -> Provider.Settings? {
        do {
            return try provider.decodeSettings(json)
        } catch let error as UnreadableLedgerSettings {
            throw UnreadableStoredValue(
                connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                column: "connection_ledger_settings.settings", reason: error.description)
        }
    }
}
