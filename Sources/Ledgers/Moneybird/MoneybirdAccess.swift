/// Where and as whom koppel talks to Moneybird for one connection.
public struct MoneybirdAccess: Sendable, Equatable {
    /// `https://moneybird.com` (or the sandbox's address in tests and the demo).
    public var baseURL: String
    public var administrationID: String
    /// The OAuth access token; never logged, never shown.
    public var accessToken: String
    /// How long one request may take, in seconds, before its outcome counts as unknown.
    public var timeout: Int

    public init(baseURL: String, administrationID: String, accessToken: String, timeout: Int = 30) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.administrationID = administrationID
        self.accessToken = accessToken
        self.timeout = timeout
    }
}

/// The connection's Moneybird choices (the Configuration tab).
public struct MoneybirdSettings: Sendable, Equatable, Codable {
    public enum DeliveryMethod: String, Sendable, Equatable, CaseIterable, Codable {
        /// Marked as sent; the customer gets nothing from Moneybird (the shop already sent its invoice).
        case manual = "Manual"
        case email = "Email"
    }

    public var workflowID: String?
    public var documentStyleID: String?
    public var deliveryMethod: DeliveryMethod
    /// Send the invoice and register the payment when the order is paid.
    public var registerPayment: Bool
    /// The VAT code for lines outside VAT (redeemed vouchers, store credit).
    public var noVATCode: String?

    public init(
        workflowID: String? = nil, documentStyleID: String? = nil, deliveryMethod: DeliveryMethod = .manual,
        registerPayment: Bool = true, noVATCode: String? = nil
    ) {
        self.workflowID = workflowID
        self.documentStyleID = documentStyleID
        self.deliveryMethod = deliveryMethod
        self.registerPayment = registerPayment
        self.noVATCode = noVATCode
    }
}
