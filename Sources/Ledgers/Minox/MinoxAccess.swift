/// Where and as whom koppel talks to Minox for one connection: the tenant and administration chosen
/// after connecting [C-multi: OTW `AbstractEndpoint.php`, WEBP, WIKI; one connection = one administration, APIDECK].
public struct MinoxAccess: Sendable, Equatable {
    /// `https://app.minox.nl` (or the sandbox's address in tests and the demo); the API is under `/api/1`.
    public var baseURL: String
    public var tenantID: String
    public var administrationID: String
    /// The OAuth access token; never logged, never shown.
    public var accessToken: String
    /// How long one request may take, in seconds, before its outcome counts as unknown.
    public var timeout: Int

    public init(baseURL: String, tenantID: String, administrationID: String, accessToken: String, timeout: Int = 30) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tenantID = tenantID
        self.administrationID = administrationID
        self.accessToken = accessToken
        self.timeout = timeout
    }
}

/// The connection's Minox choices (the Configuration tab): the sales journal (dagboek) its entries go in.
/// VAT codes and revenue accounts per rate come from the connection's VAT mapping, as for every ledger.
public struct MinoxSettings: Sendable, Equatable, Codable {
    /// A journal code from `GET /journal` ("VK"); journal ids are string codes [C-one: OTW].
    public var journalID: String
    /// Put the order number in `invoice_number` too. The manual leaves it empty by default ("op verzoek
    /// bestelnummer"); koppel fills it for numeric order numbers so the open item (`receivable`) can be
    /// matched to the order for the payment state. `invoice_number` is an int [C-one: OTW].
    public var orderNumberAsInvoiceNumber: Bool

    public init(journalID: String, orderNumberAsInvoiceNumber: Bool = true) {
        self.journalID = journalID
        self.orderNumberAsInvoiceNumber = orderNumberAsInvoiceNumber
    }
}

/// Minox's request budget as koppel starts it, before the first answer's `x-rate-limit-*` headers
/// correct it: 20 requests per window, observed by APIDECK [C-one]; the window length is unknown and
/// taken as the 120 s of the observed retry-after [Guess].
public enum MinoxRatePolicy {
    public static let limit = 20
    public static let windowSeconds: Int64 = 120
}
