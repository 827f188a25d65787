import Foundation

/// A sales invoice with its lines and payments; totals are derived, see `InvoiceTotals`.
struct SalesInvoice: Codable, Sendable {
    var id: String
    var administrationID: String
    var contactID: String
    var workflowID: String
    var documentStyleID: String
    var draftID: Int?
    /// The invoice number, assigned when the invoice is sent.
    var invoiceID: String?
    var state: String
    var reference: String?
    /// `yyyy-MM-dd`; a draft may have none until it is sent.
    var invoiceDate: String?
    var dueDate: String?
    var firstDueInterval: Int
    var currency: String
    var pricesAreInclTax: Bool
    var paymentReference: String?
    var details: [InvoiceDetail]
    var payments: [Payment]
    /// The invoice this one credits (`original_sales_invoice_id`); set by `duplicate_creditinvoice`.
    var originalSalesInvoiceID: String?
    var sentAt: Date?
    var paidAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var version: Int
}

/// One invoice line.
struct InvoiceDetail: Codable, Sendable {
    var id: String
    var description: String
    /// Unit price in the invoice's price basis (incl. or excl. VAT), as decimal text with at most two decimals
    /// (`Money.unitPrice`).
    var price: String
    /// Quantity as decimal text, `"1"` when absent.
    var amount: String
    var taxRateID: String
    var ledgerAccountID: String
    var period: String?
    var rowOrder: Int
    var createdAt: Date
    var updatedAt: Date
}

/// A payment registered on a sales invoice.
struct Payment: Codable, Sendable {
    var id: String
    var invoiceID: String
    var price: String
    var paymentDate: String
    var financialAccountID: String?
    var transactionIdentifier: String?
    var manualPaymentAction: String?
    var ledgerAccountID: String?
    var createdAt: Date
}

/// The states `filter=state:` accepts for sales invoices.
enum InvoiceState {
    static let all = ["draft", "open", "scheduled", "pending_payment", "late", "reminded", "paid", "uncollectible"]
}
