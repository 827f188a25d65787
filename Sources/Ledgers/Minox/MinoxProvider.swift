import Foundation
import KoppelCore
import Ledger

/// Minox as koppel connects it (docs/minox.md): OAuth authorization code + refresh, then a tenant
/// and an administration chosen; one journal entry per order, by a uuid koppel derives from the
/// idempotency key. The administration is stored as "tenant/administration".
public struct MinoxProvider: LedgerProvider {
    public typealias Credentials = LedgerTokens
    public typealias Settings = MinoxSettings

    public init() {}

    public let kind = LedgerKind.minox
    /// A repeated PUT of the same uuid replaces the entry [C-one: OTW]; entries are found by
    /// uuid or by the order number in the debtor line, and read back per month.
    public let capabilities: LedgerCapabilities = [.lookUpByReference, .idempotencyKey, .readBack]
    public let ratePolicy = LedgerRatePolicy(
        limit: MinoxRatePolicy.limit, windowSeconds: MinoxRatePolicy.windowSeconds,
        headers: ["x-rate-limit-remaining", "x-rate-limit-reset", "Retry-After"],
        // 3 requests an order of a new customer (by_email, POST customer, PUT batch), 2 of a returning one (docs/minox.md).
        requestsPerOrder: 3)
    public let connectionMethod = LedgerConnectionMethod.oauth(choosesTenant: true)
    public let referenceDataKinds: [LedgerReferenceKind] = [.vatCodes, .revenueAccounts, .liabilityAccounts, .journals]
    public let defaultBaseURL = "https://app.minox.nl"
    public var settingKeys: [(key: String, meaning: String)] {
        [
            ("journal", "the sales journal's code (dagboek, e.g. VK)"),
            ("order_number_as_invoice_number", "true or false: a numeric order number in invoice_number too"),
        ]
    }

    public func administrationID(tenant: String?, administration: String) throws -> String {
        guard let tenant, !tenant.isEmpty, !tenant.contains("/") else {
            throw LedgerSetupError("Minox needs the tenant too: --tenant (its id, as `inspect` names it)")
        }
        guard !administration.contains("/") else { throw LedgerSetupError("--administration is the administration's id alone") }
        return tenant + "/" + administration
    }

    /// Minox counts requests per tenant (the sandbox's choice, docs/minox.md "Choices"; a guess).
    public func budgetKey(administrationID: String) -> String {
        "minox " + (administrationID.split(separator: "/").first.map(String.init) ?? administrationID)
    }

    public func credentials(accessToken: String) -> Credentials {
        Credentials(accessToken: accessToken, refreshToken: nil, expiresAt: nil)
    }

    public func expiresAt(_ credentials: Credentials) -> Int64? { credentials.expiresAt }

    public func refresh(_ credentials: Credentials, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws(LedgerError) -> Credentials {
        guard let client, let refreshToken = credentials.refreshToken else {
            throw LedgerError(.unauthorized, "the Minox access has expired: connect Minox again (koppel ledger authorize)")
        }
        let tokens = try MinoxOAuth(baseURL: baseURL, client: client).refresh(
            MinoxOAuth.Tokens(accessToken: credentials.accessToken, refreshToken: refreshToken, expiresAt: credentials.expiresAt ?? now),
            now: now)
        return Credentials(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt)
    }

    public func authorizationURL(baseURL: String, client: LedgerOAuthClient, state: String) -> String {
        MinoxOAuth(baseURL: baseURL, client: client).authorizationURL(state: state)
    }

    public func exchange(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws(LedgerError) -> Credentials {
        let tokens = try MinoxOAuth(baseURL: baseURL, client: client).exchange(code: code, now: now)
        return Credentials(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt)
    }

    /// Every administration of every tenant the token reaches (`POST /api/1/inspect`, then
    /// `GET /api/1/tenant/{t}/administration`), as "tenant/administration".
    public func administrations(baseURL: String, client: LedgerOAuthClient, credentials: Credentials) throws(LedgerError) -> [(id: String, name: String)] {
        let oauth = MinoxOAuth(baseURL: baseURL, client: client)
        let tokens = MinoxOAuth.Tokens(
            accessToken: credentials.accessToken, refreshToken: credentials.refreshToken ?? "", expiresAt: credentials.expiresAt ?? 0)
        var found: [(id: String, name: String)] = []
        for tenant in try oauth.tenants(tokens) {
            for administration in try oauth.administrations(tenant: tenant, tokens) {
                found.append((tenant + "/" + administration.id, administration.name))
            }
        }
        return found
    }

    /// None until the journal is chosen: booking into a guessed journal would be worse than waiting.
    public var initialSettings: Settings? { nil }

    public func set(_ key: String, to value: String, in settings: Settings?) throws -> Settings {
        switch key {
        case "journal":
            guard !value.isEmpty else { throw LedgerSetupError("journal must be a journal's code") }
            var settings = settings ?? MinoxSettings(journalID: value)
            settings.journalID = value
            return settings
        case "order_number_as_invoice_number":
            guard var settings else { throw LedgerSetupError("choose the journal first (journal=CODE)") }
            guard let flag = Bool(value) else { throw LedgerSetupError("order_number_as_invoice_number must be true or false") }
            settings.orderNumberAsInvoiceNumber = flag
            return settings
        default:
            throw LedgerSetupError("Minox has no setting \(key) (it has: \(settingKeys.map(\.key).joined(separator: ", ")))")
        }
    }

    /// The journal is chosen by itself when the administration has exactly one sales journal.
    public func mapped(_ settings: Settings?, reference: LedgerReferenceData, zeroRateCode: String?) -> Settings? {
        guard settings == nil else { return settings }
        let sales = (reference.extras["journals"] ?? []).filter { $0.detail == "sales" }
        guard sales.count == 1 else { return nil }
        return MinoxSettings(journalID: sales[0].id)
    }

    /// Without a chosen journal the adapter still reads (`koppel ledger map` lists the journals);
    /// orders wait for the journal (`MinoxLedger.setupProblem`) and its create refuses.
    public func open(_ opening: LedgerOpening, credentials: Credentials, settings: Settings?) throws -> any Ledger {
        let settings = settings ?? MinoxSettings(journalID: "")
        let parts = opening.administrationID.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw LedgerSetupError("the stored Minox administration has no tenant: connect Minox again (koppel ledger connect --tenant)")
        }
        return try MinoxLedger(
            access: MinoxAccess(
                baseURL: opening.baseURL, tenantID: String(parts[0]), administrationID: String(parts[1]),
                accessToken: credentials.accessToken, timeout: opening.requestTimeout),
            settings: settings, budget: opening.budget,
            contacts: opening.contacts.map { TenantContacts(contacts: $0, tenant: String(parts[0])) },
            longestRateWait: opening.longestRateWait ?? MinoxRatePolicy.windowSeconds)
    }
}

/// Minox's administration ids are only unique within a tenant ("1" in many): customers are
/// remembered under "tenant/administration", so that two tenants never share a debtor number.
struct TenantContacts: ContactDirectory {
    let contacts: any ContactDirectory
    let tenant: String

    func contactID(email: String, administration: String) -> String? {
        contacts.contactID(email: email, administration: tenant + "/" + administration)
    }

    func remember(contactID: String, email: String, administration: String) {
        contacts.remember(contactID: contactID, email: email, administration: tenant + "/" + administration)
    }

    func forget(email: String, administration: String) {
        contacts.forget(email: email, administration: tenant + "/" + administration)
    }
}
