import Foundation
import KoppelCore
import Ledger

/// Moneybird as koppel connects it: OAuth (or a personal API token), sales invoices booked in
/// steps, 150 requests per 5 minutes per administration (developer.moneybird.com, "Throttling").
public struct MoneybirdProvider: LedgerProvider {
    public typealias Credentials = MoneybirdOAuth.Tokens
    public typealias Settings = MoneybirdSettings

    public init() {}

    public let kind = LedgerKind.moneybird
    public let capabilities: LedgerCapabilities = [.lookUpByReference, .readBack]
    /// 5 requests a paid order of a new customer (search, contact, invoice, send, payment), 3 of a
    /// returning one (docs/benchmarks.md).
    public let ratePolicy = LedgerRatePolicy(
        limit: 150, windowSeconds: 300, headers: ["RateLimit-Remaining", "RateLimit-Reset"], requestsPerOrder: 5)
    public let connectionMethod = LedgerConnectionMethod.oauth(choosesTenant: false)
    public let referenceDataKinds: [LedgerReferenceKind] = [.vatCodes, .revenueAccounts, .liabilityAccounts, .workflows, .documentStyles]
    public let defaultBaseURL = "https://moneybird.com"
    public var settingKeys: [(key: String, meaning: String)] {
        [
            ("workflow", "the invoice workflow's id"), ("document_style", "the document style's id"),
            ("delivery", "Manual or Email: how a paid invoice is sent"), ("register_payment", "true or false"),
            ("no_vat_code", "the tax rate id for lines outside VAT"),
        ]
    }

    public func administrationID(tenant: String?, administration: String) throws -> String {
        guard tenant == nil else { throw LedgerSetupError("Moneybird has no tenants: leave out --tenant") }
        return administration
    }

    public func budgetKey(administrationID: String) -> String { administrationID }

    public func credentials(accessToken: String) -> Credentials {
        Credentials(accessToken: accessToken, refreshToken: nil, expiresAt: nil)
    }

    public func expiresAt(_ credentials: Credentials) -> Int64? { credentials.expiresAt }

    public func refresh(_ credentials: Credentials, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws(LedgerError) -> Credentials {
        guard let client, credentials.refreshToken != nil else {
            throw LedgerError(.unauthorized, "the Moneybird access has expired: connect Moneybird again (koppel ledger authorize)")
        }
        return try MoneybirdOAuth(baseURL: baseURL, client: client).refresh(credentials, now: now)
    }

    public func authorizationURL(baseURL: String, client: LedgerOAuthClient, state: String) -> String {
        MoneybirdOAuth(baseURL: baseURL, client: client).authorizationURL(state: state)
    }

    public func exchange(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws(LedgerError) -> Credentials {
        try MoneybirdOAuth(baseURL: baseURL, client: client).exchange(code: code, now: now)
    }

    /// Every administration the login may use (`GET /api/v2/administrations`); `koppel ledger
    /// exchange` still takes `--administration`, the dashboard lets the owner choose.
    public func administrations(baseURL: String, client: LedgerOAuthClient, credentials: Credentials) throws(LedgerError) -> [(id: String, name: String)] {
        try MoneybirdAdministrations.list(baseURL: baseURL, accessToken: credentials.accessToken).map { ($0.id, $0.name) }
    }

    public var initialSettings: Settings? { MoneybirdSettings() }

    public func set(_ key: String, to value: String, in settings: Settings?) throws -> Settings {
        var settings = settings ?? MoneybirdSettings()
        switch key {
        case "workflow": settings.workflowID = value
        case "document_style": settings.documentStyleID = value
        case "delivery":
            guard let method = MoneybirdSettings.DeliveryMethod(rawValue: value) else {
                throw LedgerSetupError("delivery must be Manual or Email")
            }
            settings.deliveryMethod = method
        case "register_payment":
            guard let flag = Bool(value) else { throw LedgerSetupError("register_payment must be true or false") }
            settings.registerPayment = flag
        case "no_vat_code": settings.noVATCode = value
        default: throw LedgerSetupError("Moneybird has no setting \(key) (it has: \(settingKeys.map(\.key).joined(separator: ", ")))")
        }
        return settings
    }

    public func mapped(_ settings: Settings?, reference: LedgerReferenceData, zeroRateCode: String?) -> Settings? {
        guard let zeroRateCode else { return settings }
        var settings = settings ?? MoneybirdSettings()
        settings.noVATCode = zeroRateCode
        return settings
    }

    public func open(_ opening: LedgerOpening, credentials: Credentials, settings: Settings?) throws -> any Ledger {
        try MoneybirdLedger(
            access: MoneybirdAccess(
                baseURL: opening.baseURL, administrationID: opening.administrationID, accessToken: credentials.accessToken,
                timeout: opening.requestTimeout),
            settings: settings ?? MoneybirdSettings(), budget: opening.budget, contacts: opening.contacts,
            longestRateWait: opening.longestRateWait ?? 300)
    }
}
