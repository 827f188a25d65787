import Foundation
import KoppelCore
import Ledger

/// The stored credential of a connection (sealed): the license code the owner gets from Asperion
/// (manual 003 §4, *Setup Wizard › Administratie instellingen*). It never expires.
public struct AsperionCredentials: Codable, Sendable, Equatable {
    public var licenseCode: String

    public init(licenseCode: String) {
        self.licenseCode = licenseCode
    }
}

/// Asperion as koppel connects it (docs/asperion.md): the license code read from standard input
/// of `koppel ledger connect`, the administration Asperion's tenant id, a file a day delivered
/// from the connection's outbox, concept invoices read back over `/v1`.
public struct AsperionProvider: LedgerProvider {
    public typealias Credentials = AsperionCredentials
    public typealias Settings = AsperionSettings

    public init() {}

    public let kind = LedgerKind.asperion
    /// Booked is known only once the day's file is delivered.
    public let capabilities: LedgerCapabilities = [.deferredConfirmation, .lookUpByReference, .readBack]
    /// Asperion documents no limit (apis-ledgers-shops.md §3.2); the sandbox's `--rate-limit` counts
    /// `/v1` per administration and answers 429 with `Retry-After` [Guess: 60 a minute, corrected by it].
    /// Booking an order asks nothing of Asperion (it is listed in the outbox); the day's file is one
    /// upload. So a backlog's end is the run hour its orders wait for, not the pace.
    public let ratePolicy = LedgerRatePolicy(limit: 60, windowSeconds: 60, headers: ["Retry-After"], requestsPerOrder: 0)
    public let connectionMethod = LedgerConnectionMethod.licenseCode
    public let referenceDataKinds: [LedgerReferenceKind] = [.vatCodes]
    /// The delivery and `/v1` share one address [Guess: the sandbox's; Asperion's channel is not public].
    public let defaultBaseURL = "https://api.asperion.nl"

    public var settingKeys: [(key: String, meaning: String)] {
        [
            ("payment_codes", "shop method=Asperion code, comma-separated (cod=REMBOURS,bank_transfer=BANK)"),
            ("invoice_date", "order_date or export_date: the day an invoice is dated"),
            ("run_hour", "0 to 23: the hour (shop's time) the day before's file is made and delivered"),
        ]
    }

    /// The administration is Asperion's tenant id, a number.
    public func administrationID(tenant: String?, administration: String) throws -> String {
        guard tenant == nil || tenant == "" else { throw LedgerSetupError("Asperion has no tenants apart: --administration is the tenant id") }
        guard !administration.isEmpty, administration.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw LedgerSetupError("--administration is the Asperion administration (tenant) id, a number")
        }
        return administration
    }

    public func budgetKey(administrationID: String) -> String { "asperion " + administrationID }

    /// `koppel ledger connect` reads the license code (or `{"licenseCode": …}` as JSON).
    public func credentials(accessToken: String) -> Credentials {
        Credentials(licenseCode: accessToken.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func expiresAt(_ credentials: Credentials) -> Int64? { nil }

    public func refresh(_ credentials: Credentials, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws(LedgerError) -> Credentials {
        throw LedgerError(.unauthorized, "Asperion refused the license code: connect again with the code from Asperion's Setup Wizard")
    }

    public func authorizationURL(baseURL: String, client: LedgerOAuthClient, state: String) -> String { "" }

    public func exchange(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws(LedgerError) -> Credentials {
        throw LedgerError(.refused, "Asperion is connected with a license code, not by OAuth")
    }

    /// A license code reaches one administration, which the person names: nothing to list.
    public func administrations(baseURL: String, client: LedgerOAuthClient, credentials: Credentials) throws(LedgerError) -> [(id: String, name: String)] {
        []
    }

    public var initialSettings: Settings? { AsperionSettings() }

    public func set(_ key: String, to value: String, in settings: Settings?) throws -> Settings {
        var settings = settings ?? AsperionSettings()
        switch key {
        case "payment_codes":
            if let part = LedgerSettingPairs.malformedPart(value) {
                throw LedgerSetupError("payment_codes takes method=CODE pairs separated by commas, not \"\(part)\"")
            }
            settings.paymentCodes = LedgerSettingPairs.pairs(value)
        case "invoice_date":
            guard let choice = AsperionSettings.InvoiceDate(rawValue: value) else {
                throw LedgerSetupError("invoice_date must be order_date or export_date")
            }
            settings.invoiceDate = choice
        case "run_hour":
            guard let hour = Int(value), (0...23).contains(hour) else { throw LedgerSetupError("run_hour must be 0 to 23") }
            settings.runHour = hour
        default:
            throw LedgerSetupError("Asperion has no setting \(key) (it has: \(settingKeys.map(\.key).joined(separator: ", ")))")
        }
        if let problem = settings.problems.first { throw LedgerSetupError(problem) }
        return settings
    }

    public func mapped(_ settings: Settings?, reference: LedgerReferenceData, zeroRateCode: String?) -> Settings? {
        settings ?? AsperionSettings()
    }

    public func form(ofSetting key: String) -> LedgerSettingForm {
        switch key {
        case "invoice_date": return .oneOf(AsperionSettings.InvoiceDate.allCases.map(\.rawValue))
        case "run_hour": return .oneOf((0...23).map(String.init))
        case "payment_codes": return .perPaymentMethod
        default: return .text
        }
    }

    public func values(of settings: Settings?) -> [String: String] {
        let settings = settings ?? AsperionSettings()
        return [
            "payment_codes": settings.paymentCodes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            "invoice_date": settings.invoiceDate.rawValue, "run_hour": String(settings.runHour),
        ]
    }

    public func missingKeys(in settings: Settings?) -> [String] { [] }

    /// The outbox is `opening.outboxPath` (`LedgerFactory`: `$KOPPEL_OUTBOX` or `outbox/` beside the
    /// database); each administration has its own folder in it, so its day files are one administration's.
    public func open(_ opening: LedgerOpening, credentials: Credentials, settings: Settings?) throws -> any Ledger {
        guard !credentials.licenseCode.isEmpty else {
            throw LedgerError(.unauthorized, "no Asperion license code is stored: connect again")
        }
        guard let root = opening.outboxPath, !root.isEmpty else {
            throw LedgerSetupError("no outbox folder for Asperion's day files: set KOPPEL_OUTBOX")
        }
        let folder = URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent("asperion-\(opening.administrationID)").path
        return try AsperionLedger(
            baseURL: opening.baseURL, tenant: opening.administrationID, licenseCode: credentials.licenseCode, outboxPath: folder,
            settings: settings ?? AsperionSettings(), budget: opening.budget, requestTimeout: opening.requestTimeout,
            longestRateWait: opening.longestRateWait ?? 30)
    }
}
