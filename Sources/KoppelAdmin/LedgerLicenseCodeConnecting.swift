import Foundation
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// "Koppel met <ledger>" for a ledger connected with a license code and an administration number
/// (Asperion: manual 003 §4, the code under Setup Wizard › Administratie instellingen, tab Algemeen).
/// Manual 003 says the code cannot be checked in advance, so nothing is asked of the ledger: the
/// code is stored as `koppel ledger connect L --administration N` stores it (sealed, the provider's
/// credentials of the bare code), and a wrong one shows at the first delivery. Another
/// administration number is another administration: its settings and mapping start over.
public struct LedgerLicenseCodeConnecting: Sendable {
    let database: KoppelDatabase
    let sealer: SecretSealer

    public init(database: KoppelDatabase, sealer: SecretSealer) {
        self.database = database
        self.sealer = sealer
    }

    /// Why an administration number or a license code is refused; nil when they may be stored.
    /// The code's form is not public: only what no code can be (empty, spaces inside, control
    /// characters, a page of text) is refused.
    public static func problem(administration: String, licenseCode: String) -> ConfigurationError? {
        if administration.isEmpty {
            return ConfigurationError(field: "administration", "the administration number is empty", dutch: "Vul het administratienummer in.")
        }
        // Asperion's tenant id is a number (`X-Tenant-Id`); 18 digits stay within a signed 64-bit integer.
        if administration.count > 18 || !administration.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return ConfigurationError(
                field: "administration", "the administration number is not a number",
                dutch: "Het administratienummer bestaat alleen uit cijfers.")
        }
        if licenseCode.isEmpty {
            return ConfigurationError(field: "license_code", "the license code is empty", dutch: "Vul de licentiecode in.")
        }
        if licenseCode.utf8.count > 512 || licenseCode.contains(where: \.isWhitespace)
            || licenseCode.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            return ConfigurationError(
                field: "license_code", "the license code holds spaces or control characters",
                dutch: "Dit is geen licentiecode: kopieer de code zonder spaties.")
        }
        return nil
    }

    /// Stores the license code for the administration; the administration stored.
    /// - Throws: `ConfigurationError` (refused, `field` names the input), `AdminError` (another
    ///   connection books into this administration).
    @discardableResult
    public func connect(_ connection: Connection, baseURL: String, administration: String, licenseCode: String, now: Int64) throws
        -> String
    {
        let administration = administration.trimmingCharacters(in: .whitespacesAndNewlines)
        let licenseCode = licenseCode.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.problem(administration: administration, licenseCode: licenseCode) { throw problem }
        let provider = try LedgerProviders.provider(for: connection.ledger)
        guard provider.connectionMethod == .licenseCode else {
            throw ConfigurationError(
                field: "ledger", "\(provider.kind.displayName) is not connected with a license code",
                dutch: "\(provider.kind.displayName) koppel je niet met een licentiecode.")
        }
        let administrationID: String
        do {
            administrationID = try provider.administrationID(tenant: nil, administration: administration)
        } catch let error as LedgerSetupError {
            throw ConfigurationError(
                field: "administration", error.description, dutch: "Dit administratienummer kan niet kloppen: vul het nummer van je administratie in \(provider.kind.displayName) in.")
        }
        try LedgerConnecting(database: database, sealer: sealer).connect(
            connection, baseURL: baseURL, administration: administrationID,
            credentialsJSON: try Self.credentialsJSON(provider, licenseCode: licenseCode), now: now)
        return administrationID
    }

    /// The bare code as `koppel ledger connect` reads it from standard input (never as JSON: a code
    /// that starts with "{" is still a code).
    static func credentialsJSON<Provider: LedgerProvider>(_ provider: Provider, licenseCode: String) throws -> Data {
        try JSONEncoder().encode(provider.credentials(accessToken: licenseCode))
    }
}
