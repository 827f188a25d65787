import Foundation
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// The ledger's own settings (Moneybird's workflow and delivery, Minox's journal), as its provider
/// declares them: `koppel config ledger L key=value` and the dashboard's ledger section both set
/// them here, so a new ledger needs neither a command nor a form of its own.
extension ConnectionConfiguration {
    /// One setting as the dashboard shows it.
    public struct LedgerSetting: Sendable {
        public var key: String
        public var label: String
        public var form: LedgerSettingForm
        /// As stored, in the text `set` takes; nil while not chosen.
        public var value: String?
    }

    /// Every change checked first (a reference id among the stored reference data once it was
    /// read, one of the declared values, true or false), then all stored in one transaction: a
    /// refused pair stores none of them. Needs the ledger connected.
    public func setLedgerSettings(_ changes: [(key: String, value: String)]) throws {
        guard try database.ledgerAccess(connectionID: connection.id) != nil else { throw ConfigurationError.ledgerNotConnected }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        let reference = try LedgerReferenceCopy.stored(connectionID: connection.id, in: database)
        let known = Set(provider.settingKeys.map(\.key))
        for change in changes {
            try Self.check(change, known: known, form: provider.form(ofSetting: change.key), ledger: provider.kind, reference: reference)
        }
        let connection = connection
        // Only the settings, read and written at once: a token refresh or another edit meanwhile stays.
        try database.updateLedgerSettings(connectionID: connection.id, now: now) { json in
            var settings = json
            for change in changes {
                do {
                    settings = try provider.settingsJSON(setting: change.key, to: change.value, in: settings)
                } catch let error as LedgerSetupError {
                    if provider.form(ofSetting: change.key) == .perPaymentMethod,
                        let refused = Self.refusedPair(of: change, provider: provider)
                    {
                        throw refused
                    }
                    throw ConfigurationError(
                        field: change.key, error.description,
                        dutch: "\(LedgerSettingNames.dutch(change.key)): deze waarde kan niet worden opgeslagen.")
                } catch let error as UnreadableLedgerSettings {
                    throw UnreadableStoredValue(
                        connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                        column: "connection_ledger_settings.settings", reason: error.description)
                }
            }
            json = settings
        }
    }

    static func check(
        _ change: (key: String, value: String), known: Set<String>, form: LedgerSettingForm, ledger: LedgerKind,
        reference: LedgerReferenceCopy?
    ) throws {
        let (key, value) = change
        let name = LedgerSettingNames.dutch(key)
        guard known.contains(key) else {
            throw ConfigurationError(
                field: key, "\(ledger.displayName) has no setting \(key) (it has: \(known.sorted().joined(separator: ", ")))",
                dutch: "\(ledger.displayName) kent de instelling \(key) niet.")
        }
        switch form {
        case .reference(let kind):
            guard !value.isEmpty else {
                throw ConfigurationError(field: key, "\(key) must not be empty", dutch: "Kies een waarde voor \(name).")
            }
            if let reference, !reference.entries(kind).contains(where: { $0.id == value }) {
                throw ConfigurationError(
                    field: key, "\(value) is not one of the ledger's \(kind.rawValue) (refresh the list)",
                    dutch: "\(name): deze keuze is niet bekend in \(ledger.displayName). Klik op Vernieuwen en kies opnieuw.")
            }
        case .oneOf(let values):
            guard values.contains(value) else {
                throw ConfigurationError(
                    field: key, "\(key) must be one of \(values.joined(separator: ", "))",
                    dutch: "\(name) moet een van deze zijn: \(values.joined(separator: ", ")).")
            }
        case .flag:
            guard value == "true" || value == "false" else {
                throw ConfigurationError(field: key, "\(key) must be true or false", dutch: "\(name) moet ja of nee zijn.")
            }
        case .text:
            break
        case .perPaymentMethod:
            guard LedgerSettingPairs.malformedPart(value) == nil else {
                throw ConfigurationError(
                    field: key, "\(key) takes method=CODE pairs separated by commas",
                    dutch: "\(name): schrijf per betaalmethode methode=CODE, gescheiden door komma's.")
            }
        }
    }

    /// The first payment method whose code the provider refuses on its own, said with the method:
    /// the owner sees which row of the table to correct (`field` is `KEY.METHOD`).
    static func refusedPair(of change: (key: String, value: String), provider: any LedgerProvider) -> ConfigurationError? {
        for (method, code) in LedgerSettingPairs.pairs(change.value).sorted(by: { $0.key < $1.key }) where !code.isEmpty {
            do {
                _ = try provider.settingsJSON(setting: change.key, to: method + "=" + code, in: nil)
            } catch {
                return ConfigurationError(
                    field: change.key + "." + method, "\(provider.kind.displayName) refuses the code \(code) for \(method): \(error)",
                    dutch: "\(provider.kind.displayName) neemt de code ‘\(code)’ voor betaalmethode \(method) niet aan. "
                        + "Gebruik de betaalcode zoals die in \(provider.kind.displayName) heet: letters, cijfers, - of _.")
            }
        }
        return nil
    }

    /// The ledger's settings as the provider declares them, with their stored values; nil while
    /// the ledger is not connected.
    public func ledgerSettings() throws -> [LedgerSetting]? {
        guard let access = try database.ledgerAccess(connectionID: connection.id) else { return nil }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        let values = try storedSettings(access.settingsJSON) { try provider.values(ofSettingsJSON: $0) }
        return provider.settingKeys.map {
            LedgerSetting(
                key: $0.key, label: LedgerSettingNames.dutch($0.key), form: provider.form(ofSetting: $0.key),
                value: values[$0.key])
        }
    }

    /// The keys still to be chosen before anything is booked (Minox: `journal`); none while the
    /// ledger is not connected (that gap is named on its own).
    public func missingLedgerSettings() throws -> [String] {
        guard let access = try database.ledgerAccess(connectionID: connection.id) else { return [] }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        return try storedSettings(access.settingsJSON) { try provider.missingKeys(inSettingsJSON: $0) }
    }

    private func storedSettings<T>(_ json: String?, _ read: (String?) throws -> T) throws -> T {
        do {
            return try read(json)
        } catch let error as UnreadableLedgerSettings {
            throw UnreadableStoredValue(
                connectionID: connection.id, connection: "\(connection.name) (\(connection.licenseKey))",
                column: "connection_ledger_settings.settings", reason: error.description)
        }
    }
}
