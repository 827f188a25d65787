import Foundation

/// What sending and paying do to an invoice, shared by the API and the sandbox's bulk import.
extension SalesInvoicesAPI {
    /// Moneybird sends no invoice without lines.
    static func requireDetails(_ invoice: SalesInvoice) throws(SandboxError) {
        guard !invoice.details.isEmpty else {
            throw .badRequest("details cannot be empty", symbolic: [("sales_invoice", "details_cannot_be_empty")])
        }
    }

    /// A draft gets its number (`2026-0001`, counted per year), its invoice date (`invoiceDate`, else its own,
    /// else today) and due date, and becomes `open`, or `paid` when nothing is owed; any invoice records
    /// when it was sent.
    static func markSent(
        _ invoice: inout SalesInvoice, invoiceDate: String?, tx: StoreTransaction, master: MasterData, now: Date
    ) throws {
        if invoice.state == "draft" {
            let year = (invoice.invoiceDate ?? today()).prefix(4)
            invoice.invoiceID = invoiceNumber(year, try tx.next("invoice:\(invoice.administrationID):\(year)"))
            invoice.paymentReference = invoice.invoiceID
            if let invoiceDate { invoice.invoiceDate = invoiceDate }
            invoice.invoiceDate = invoice.invoiceDate ?? today()
            invoice.dueDate = Timestamps.addDays(invoice.firstDueInterval, to: invoice.invoiceDate!)
            let totals = InvoiceTotals(invoice: invoice, percentages: master.percentages)
            invoice.state = totals.totalUnpaid <= 0 ? "paid" : "open"
            if invoice.state == "paid" { invoice.paidAt = now }
        }
        invoice.draftID = nil
        invoice.sentAt = now
        invoice.updatedAt = now
        invoice.version = Timestamps.version(now, after: invoice.version)
    }

    /// `2026-0001`: the year, a dash and the year's count, at least four digits.
    static func invoiceNumber(_ year: Substring, _ number: Int) -> String {
        let digits = String(number)
        return "\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Adds a payment; the invoice becomes `paid` once payments cover its total.
    static func register(_ payment: Payment, on invoice: inout SalesInvoice, master: MasterData, now: Date) {
        invoice.payments.append(payment)
        if InvoiceTotals(invoice: invoice, percentages: master.percentages).totalUnpaid <= 0 {
            invoice.state = "paid"
            invoice.paidAt = now
        }
        invoice.updatedAt = now
        invoice.version = Timestamps.version(now, after: invoice.version)
    }
}
