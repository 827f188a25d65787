import Booking
import Foundation
import KoppelStore
import Ledger
import LedgerProviders

/// Stores a connection's ledger credentials, sealed, through its ledger's provider: `koppel ledger
/// connect|exchange` and the dashboard's "Koppel met <ledger>" all go through here.
public struct LedgerConnecting {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// Stores the credentials (the provider's JSON); the settings stay when the administration
    /// stays (a new token must not undo `koppel ledger map` or `koppel config`), and start afresh
    /// for another one, whose VAT codes and journals have other ids.
    /// - Parameter change: a settings choice made while connecting (Moneybird's `--delivery`).
    /// - Throws: `AdminError` when another connection books into the administration under the same
    ///   references; `LedgerSetupError` for a choice the ledger cannot take.
    public func connect(
        _ connection: Connection, baseURL: String, administration: String, credentialsJSON: Data,
        settingChanges: [(key: String, value: String)] = [], now: Int64
    ) throws {
        let provider = try LedgerProviders.provider(for: connection.ledger)
        let stored = try database.ledgerAccess(connectionID: connection.id)
        let sameAdministration = stored?.administrationID == administration && stored?.baseURL == baseURL
        // Two connections booking into one administration under the same references would take each
        // other's bookings for their own (only connections from before prefixes can share one).
        for other in try database.connections()
        where other.id != connection.id && other.referencePrefix == connection.referencePrefix {
            if let access = try database.ledgerAccess(connectionID: other.id), access.baseURL == baseURL,
                access.administrationID == administration
            {
                throw AdminError.sharedAdministration(other: other, administration: administration)
            }
        }
        try database.setLedgerCredentials(
            connection: connection, baseURL: baseURL, administrationID: administration, tokensJSON: credentialsJSON,
            sealer: sealer, now: now)
        try database.updateLedgerSettings(connectionID: connection.id, now: now) { json in
            var settings: String?
            do {
                settings = try provider.settingsJSON(afterConnecting: json, sameAdministration: sameAdministration)
                for change in settingChanges {
                    settings = try provider.settingsJSON(setting: change.key, to: change.value, in: settings)
                }
            } catch let error as UnreadableLedgerSettings {
                throw UnreadableStoredValue(
                    connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                    column: "connection_ledger_settings.settings", reason: error.description)
            }
            if let settings { json = settings }
        }
    }
}
