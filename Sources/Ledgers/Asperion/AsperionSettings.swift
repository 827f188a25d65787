/// What a connection to Asperion is configured with, besides its license code (a credential,
/// stored sealed elsewhere): manual 003 §5 names the payment method mapping, the invoice date and
/// when invoices are made.
public struct AsperionSettings: Sendable, Equatable, Codable {
    /// The shop's payment method code (OpenCart's `payment_code`, "cod", "bank_transfer") → the
    /// Asperion payment code (v1.4 appendix A "Payment Codes"; its values are not public, so the
    /// owner enters them). A method without a code is written without `PaymentCode` [Guess: the
    /// import then uses the debtor's default].
    public var paymentCodes: [String: String]
    public var invoiceDate: InvoiceDate
    /// The hour (0–23, shop's local time) the day's file is made.
    public var runHour: Int

    /// Which day an invoice is dated (manual 003: "de datum van je facturen instellen").
    public enum InvoiceDate: String, Sendable, Equatable, Codable, CaseIterable {
        /// The day the order was placed.
        case orderDate = "order_date"
        /// The day the file is made.
        case exportDate = "export_date"
    }

    public init(paymentCodes: [String: String] = [:], invoiceDate: InvoiceDate = .orderDate, runHour: Int = 2) {
        self.paymentCodes = paymentCodes
        self.invoiceDate = invoiceDate
        self.runHour = runHour
    }

    /// The Asperion code of a shop payment method, nil when none is mapped.
    public func paymentCode(for method: String?) -> String? {
        method.flatMap { paymentCodes[$0] }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
