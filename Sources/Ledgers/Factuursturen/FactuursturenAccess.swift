/// What the adapter needs to reach one Factuursturen account: the account's user name and an API
/// key made under Instellingen › Verbindingen (manual 004 §4), sent as HTTP Basic [C-multi: official
/// docs, every client].
public struct FactuursturenAccess: Sendable {
    public var baseURL: String
    public var username: String
    public var apiKey: String
    public var timeout: Int

    public init(baseURL: String, username: String, apiKey: String, timeout: Int = 30) {
        self.baseURL = baseURL
        self.username = username
        self.apiKey = apiKey
        self.timeout = timeout
    }
}

/// The stored credentials of a connection (sealed): user name and API key. They never expire.
public struct FactuursturenCredentials: Codable, Sendable, Equatable {
    public var username: String
    public var apiKey: String

    public init(username: String, apiKey: String) {
        self.username = username
        self.apiKey = apiKey
    }
}

/// The connection's choices (`koppel config ledger L key=value`).
public struct FactuursturenSettings: Codable, Sendable, Equatable {
    /// How Factuursturen sends the invoice (`sendmethod`): `mail` (by post, which the owner does or
    /// not: nothing reaches the customer) or `email` (Factuursturen mails it to the customer).
    public var sendMethod: String
    /// A numeric order number as the invoice number (`invoicenr`, "only an integer", apis.md §2);
    /// off by default: Factuursturen numbers the invoice (manual 004's setting).
    public var orderNumberAsInvoiceNumber: Bool
    /// A paid order's invoice gets its payment registered (manual 004: "facturen met de status betaald").
    public var registerPayment: Bool

    public init(sendMethod: String = "mail", orderNumberAsInvoiceNumber: Bool = false, registerPayment: Bool = true) {
        self.sendMethod = sendMethod
        self.orderNumberAsInvoiceNumber = orderNumberAsInvoiceNumber
        self.registerPayment = registerPayment
    }
}

/// The budget as koppel starts it: manual 004 §4 says "een maximum van 60 facturen per uur"; the
/// API's own figure is not documented (apis-ledgers-shops.md §4.3), so koppel counts every request
/// against it [Guess: the stricter reading] and corrects the count by `X-RateLimit-Remaining`.
public enum FactuursturenRatePolicy {
    public static let limit = 60
    public static let windowSeconds: Int64 = 3600
}
