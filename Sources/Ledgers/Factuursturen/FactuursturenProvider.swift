import Foundation
import KoppelCore
import Ledger

/// Factuursturen as koppel connects it (docs/factuursturen.md): the account's user name and an API
/// key (manual 004 §4), stored sealed; the administration is the user name. Invoices are found by
/// searching for the order's reference and read back by period; no idempotency key exists.
public struct FactuursturenProvider: LedgerProvider {
    public typealias Credentials = FactuursturenCredentials
    public typealias Settings = FactuursturenSettings

    public init() {}

    public let kind = LedgerKind.factuursturen
    public let capabilities: LedgerCapabilities = [.lookUpByReference, .readBack]
    /// 4 requests a paid order of a new customer (search, client, invoice, payment), 2 of a known
    /// one, 1 unpaid (docs/factuursturen.md).
    public let ratePolicy = LedgerRatePolicy(
        limit: FactuursturenRatePolicy.limit, windowSeconds: FactuursturenRatePolicy.windowSeconds, headers: ["X-RateLimit-Remaining"],
        requestsPerOrder: 4)
    public let connectionMethod = LedgerConnectionMethod.token
    public let referenceDataKinds: [LedgerReferenceKind] = [.vatCodes]
    public let defaultBaseURL = "https://www.factuursturen.nl"
    public var settingKeys: [(key: String, meaning: String)] {
        [
            ("send_method", "mail or email: how Factuursturen sends the invoice (mail: nothing reaches the customer)"),
            ("order_number_as_invoice_number", "true or false: a numeric order number as the invoice number"),
            ("register_payment", "true or false: a paid order's invoice is registered as paid"),
        ]
    }

    /// The administration is the account: its user name.
    public func administrationID(tenant: String?, administration: String) throws -> String {
        guard tenant == nil || tenant == "" else { throw LedgerSetupError("Factuursturen has no tenants: leave out --tenant") }
        guard !administration.isEmpty else { throw LedgerSetupError("--administration is the Factuursturen user name") }
        return administration
    }

    /// The limit counts per account [Guess: per user name, as the sandbox counts].
    public func budgetKey(administrationID: String) -> String { "factuursturen " + administrationID }

    /// `koppel ledger connect` reads "username:apikey" (or `{"username", "apiKey"}` as JSON).
    public func credentials(accessToken: String) -> Credentials {
        guard let colon = accessToken.firstIndex(of: ":") else { return Credentials(username: "", apiKey: accessToken) }
        return Credentials(username: String(accessToken[..<colon]), apiKey: String(accessToken[accessToken.index(after: colon)...]))
    }

    public func expiresAt(_ credentials: Credentials) -> Int64? { nil }

    public func refresh(_ credentials: Credentials, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws(LedgerError) -> Credentials {
        throw LedgerError(.unauthorized, "Factuursturen refused the API key: make a new one under Instellingen › Verbindingen and connect again")
    }

    public func authorizationURL(baseURL: String, client: LedgerOAuthClient, state: String) -> String { "" }

    public func exchange(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws(LedgerError) -> Credentials {
        throw LedgerError(.refused, "Factuursturen is connected with a user name and an API key, not by OAuth")
    }

    /// One account per user name: nothing to choose.
    public func administrations(baseURL: String, client: LedgerOAuthClient, credentials: Credentials) throws(LedgerError) -> [(id: String, name: String)] {
        [(credentials.username, credentials.username)]
    }

    public var initialSettings: Settings? { FactuursturenSettings() }

    public func set(_ key: String, to value: String, in settings: Settings?) throws -> Settings {
        var settings = settings ?? FactuursturenSettings()
        switch key {
        case "send_method":
            guard ["mail", "email"].contains(value) else { throw LedgerSetupError("send_method must be mail or email") }
            settings.sendMethod = value
        case "order_number_as_invoice_number":
            guard let flag = Bool(value) else { throw LedgerSetupError("order_number_as_invoice_number must be true or false") }
            settings.orderNumberAsInvoiceNumber = flag
        case "register_payment":
            guard let flag = Bool(value) else { throw LedgerSetupError("register_payment must be true or false") }
            settings.registerPayment = flag
        default:
            throw LedgerSetupError("Factuursturen has no setting \(key) (it has: \(settingKeys.map(\.key).joined(separator: ", ")))")
        }
        return settings
    }

    public func mapped(_ settings: Settings?, reference: LedgerReferenceData, zeroRateCode: String?) -> Settings? {
        settings ?? FactuursturenSettings()
    }

    public func open(_ opening: LedgerOpening, credentials: Credentials, settings: Settings?) throws -> any Ledger {
        guard !credentials.username.isEmpty else {
            throw LedgerError(.unauthorized, "no Factuursturen user name is stored: connect again with username:apikey")
        }
        return try FactuursturenLedger(
            access: FactuursturenAccess(
                baseURL: opening.baseURL, username: credentials.username, apiKey: credentials.apiKey, timeout: opening.requestTimeout),
            settings: settings ?? FactuursturenSettings(), budget: opening.budget, contacts: opening.contacts,
            longestRateWait: opening.longestRateWait ?? FactuursturenRatePolicy.windowSeconds)
    }
}

/// How Factuursturen's settings are chosen and read back, for the dashboard and `koppel config ledger`.
extension FactuursturenProvider {
    public func form(ofSetting key: String) -> LedgerSettingForm {
        switch key {
        case "send_method": return .oneOf(["mail", "email"])
        case "order_number_as_invoice_number", "register_payment": return .flag
        default: return .text
        }
    }

    public func values(of settings: Settings?) -> [String: String] {
        let settings = settings ?? FactuursturenSettings()
        return [
            "send_method": settings.sendMethod, "order_number_as_invoice_number": String(settings.orderNumberAsInvoiceNumber),
            "register_payment": String(settings.registerPayment),
        ]
    }

    public func missingKeys(in settings: Settings?) -> [String] { [] }
}
