import Foundation
import KoppelCore

/// Everything koppel needs to know of one ledger besides booking itself: what it can do, how fast
/// it may be asked, how a person connects it, what is stored for a connection and how the adapter
/// is opened from that. One per folder under Ledgers/; the `LedgerProviders` target lists them.
///
/// `Credentials` and `Settings` are stored per connection apart (`connection_ledger`, sealed, and
/// `connection_ledger_settings`), so that a token refresh and a settings edit never undo each other.
/// Callers outside the provider see them as JSON only (the `…JSON` members below).
public protocol LedgerProvider: Sendable {
    associatedtype Credentials: Codable & Sendable
    associatedtype Settings: Codable & Sendable

    var kind: LedgerKind { get }
    var capabilities: LedgerCapabilities { get }
    var ratePolicy: LedgerRatePolicy { get }
    var connectionMethod: LedgerConnectionMethod { get }
    /// The lists of `referenceData()` the configuration chooses from.
    var referenceDataKinds: [LedgerReferenceKind] { get }
    /// The ledger's own address (`--base-url` when none is given).
    var defaultBaseURL: String { get }
    /// The settings `koppel config ledger` can set, with what each means.
    var settingKeys: [(key: String, meaning: String)] { get }
    /// How a setting is chosen (the dashboard's field): from a list of the ledger's reference
    /// data, one of a few values, yes or no, or free text.
    func form(ofSetting key: String) -> LedgerSettingForm
    /// The stored settings as `set(_:to:in:)` takes them, per key; a key without a value is absent.
    func values(of settings: Settings?) -> [String: String]
    /// The keys that must still be chosen before anything can be booked (Minox: the journal).
    func missingKeys(in settings: Settings?) -> [String]

    /// The administration as stored for a connection, from what the person chose (Minox needs a
    /// tenant too); throws `LedgerSetupError` when a needed choice is missing.
    func administrationID(tenant: String?, administration: String) throws -> String
    /// Which administrations share one request budget (Minox counts per tenant).
    func budgetKey(administrationID: String) -> String

    /// Credentials from a bare access token (`koppel ledger connect` without JSON).
    func credentials(accessToken: String) -> Credentials
    /// Unix seconds the access token stops working; nil when unknown or never.
    func expiresAt(_ credentials: Credentials) -> Int64?
    func refresh(_ credentials: Credentials, baseURL: String, client: LedgerOAuthClient?, now: Int64) throws(LedgerError) -> Credentials
    func authorizationURL(baseURL: String, client: LedgerOAuthClient, state: String) -> String
    func exchange(code: String, baseURL: String, client: LedgerOAuthClient, now: Int64) throws(LedgerError) -> Credentials

    /// The administrations the credentials reach, as `administrationID(tenant:administration:)`
    /// stores them, with their names: for choosing after connecting. Empty when the ledger cannot tell.
    func administrations(baseURL: String, client: LedgerOAuthClient, credentials: Credentials) throws(LedgerError) -> [(id: String, name: String)]

    /// The settings of a new connection (or of another administration); nil when a person must
    /// choose first (Minox: the journal).
    var initialSettings: Settings? { get }
    /// `koppel config ledger L key=value`; throws `LedgerSetupError` for an unknown key or value.
    func set(_ key: String, to value: String, in settings: Settings?) throws -> Settings
    /// After `koppel ledger map`: what the ledger's reference data decides by itself (Moneybird's
    /// 0 % code for lines outside VAT, Minox's only sales journal).
    func mapped(_ settings: Settings?, reference: LedgerReferenceData, zeroRateCode: String?) -> Settings?

    func open(_ opening: LedgerOpening, credentials: Credentials, settings: Settings?) throws -> any Ledger
}

/// What opening an adapter needs besides the provider's own stored values.
public struct LedgerOpening: Sendable {
    public var baseURL: String
    public var administrationID: String
    public var budget: RateBudget
    public var contacts: (any ContactDirectory)?
    public var requestTimeout: Int
    /// How long a request may wait for the rate budget, in seconds; nil: the adapter's own default.
    /// The booking worker waits briefly, so that one ledger's backlog never holds up the others.
    public var longestRateWait: Int64?
    /// A ledger delivered by file (Asperion): the folder its files are kept in until delivered
    /// (`LedgerFactory` always gives one); nil: none, and such a ledger does not open.
    public var outboxPath: String?

    public init(
        baseURL: String, administrationID: String, budget: RateBudget, contacts: (any ContactDirectory)?,
        requestTimeout: Int, longestRateWait: Int64? = nil, outboxPath: String? = nil
    ) {
        self.outboxPath = outboxPath
        self.baseURL = baseURL
        self.administrationID = administrationID
        self.budget = budget
        self.contacts = contacts
        self.requestTimeout = requestTimeout
        self.longestRateWait = longestRateWait
    }
}

/// What a ledger can do beyond creating a document.
public struct LedgerCapabilities: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// A document is found by the order number.
    public static let lookUpByReference = LedgerCapabilities(rawValue: 1 << 0)
    /// A repeated create with the same key makes no second document.
    public static let idempotencyKey = LedgerCapabilities(rawValue: 1 << 1)
    /// Several documents in one request.
    public static let batches = LedgerCapabilities(rawValue: 1 << 2)
    /// A period's bookings can be read back in bulk (the reconciler).
    public static let readBack = LedgerCapabilities(rawValue: 1 << 3)
    /// The ledger confirms later (a file picked up, a queue): booked is not known at once.
    public static let deferredConfirmation = LedgerCapabilities(rawValue: 1 << 4)
}

/// The ledger's request limit as koppel starts each budget; the headers named correct it on every answer.
public struct LedgerRatePolicy: Sendable, Equatable {
    public var limit: Int
    public var windowSeconds: Int64
    public var headers: [String]
    /// Ledger requests an order costs before the booking job has measured any (the backlog
    /// estimate, `BacklogEstimate`): the figure for a paid order of a customer the ledger does not
    /// know yet, the dearer case, since a backlog of historical orders is mostly such customers.
    public var requestsPerOrder: Double

    public init(limit: Int, windowSeconds: Int64, headers: [String], requestsPerOrder: Double = 3) {
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.headers = headers
        self.requestsPerOrder = requestsPerOrder
    }
}

/// How a person gives koppel access.
public enum LedgerConnectionMethod: Sendable, Equatable {
    /// OAuth 2 authorization code + refresh; `choosesTenant`: an administration lives in a tenant.
    case oauth(choosesTenant: Bool)
    /// A token the person copies from the ledger.
    case token
    /// A license code the ledger's vendor issues.
    case licenseCode
}

public enum LedgerReferenceKind: String, Sendable, CaseIterable {
    case vatCodes = "vat_codes"
    case revenueAccounts = "revenue_accounts"
    case liabilityAccounts = "liability_accounts"
    case journals
    case workflows
    case documentStyles = "document_styles"
}

/// koppel's OAuth application at one ledger.
public struct LedgerOAuthClient: Sendable, Equatable {
    public var id: String
    public var secret: String
    public var redirectURI: String

    public init(id: String, secret: String, redirectURI: String) {
        self.id = id
        self.secret = secret
        self.redirectURI = redirectURI
    }
}

/// Access tokens as most OAuth ledgers issue them; stored sealed.
public struct LedgerTokens: Sendable, Equatable, Codable {
    public var accessToken: String
    public var refreshToken: String?
    /// Unix seconds; nil when the ledger did not say.
    public var expiresAt: Int64?

    public init(accessToken: String, refreshToken: String?, expiresAt: Int64?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }
}

/// A choice a person made (or left out) that the ledger cannot take: a missing tenant, an
/// unknown setting. Says what to do in words a person understands.
public struct LedgerSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Stored settings of the wrong shape: the connection stops rather than book with defaults.
public struct UnreadableLedgerSettings: Error, Sendable, CustomStringConvertible {
    public var ledger: LedgerKind
    public var description: String { "not \(ledger.displayName) settings" }
}
