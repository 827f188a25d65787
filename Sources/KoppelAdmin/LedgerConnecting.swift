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
    /// stays (a new token must not undo `koppel ledger map` or `koppel config`). Another
    /// administration's VAT codes, accounts, journals and contacts have other ids: moving to one
    /// forgets the settings, the reference data copy, the VAT mapping and the fixed debtors, so
    /// that nothing is booked on ids of the old one and the mapping is chosen again.
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
        if stored != nil, !sameAdministration {
            // Forgotten before the new access is stored: stopped in between, the old access has
            // no choices left, never the new one the old choices.
            try database.forgetAdministrationChoices(connectionID: connection.id, now: now)
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
