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
    /// else today) and due date, and becomes `open`, or `paid` when nothing is owed (a total of 0.00: a guess,
    /// Moneybird documents no such invoice); any invoice records when it was sent. A credit invoice (negative
    /// total) stays `open` until a refund or a settlement covers it (spec `register_payment_creditinvoice` example:
    /// its events show `sales_invoice_state_changed_to_open` on sending, `…_to_paid` only with the payment).
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
            invoice.state = InvoiceTotals(invoice: invoice, master: master).isSettled ? "paid" : "open"
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

    /// Moneybird takes a payment only on a sent invoice that is not paid yet. A draft answers 400 (changelog
    /// 2017-08-15: "An invoice has to have been sent before payments can be registered"; the answer's shape is a
    /// guess); a paid invoice 422 `{"sales_invoice": ["is already paid"]}` (a guess: the spec documents no answer,
    /// only that `register_payment_creditinvoice` needs invoices "in a state that accepts a payment").
    static func requirePayable(_ invoice: SalesInvoice) throws(SandboxError) {
        guard invoice.state != "draft" else {
            throw .badRequest(
                "Payments cannot be registered on a draft invoice", symbolic: [("sales_invoice", "draft")])
        }
        guard invoice.state != "paid" else {
            throw .validation([("sales_invoice", "is already paid", "already_paid")])
        }
    }

    /// Adds a payment; the invoice becomes `paid` once payments cover its total (`InvoiceTotals.isSettled`).
    static func register(_ payment: Payment, on invoice: inout SalesInvoice, master: MasterData, now: Date) {
        invoice.payments.append(payment)
        if InvoiceTotals(invoice: invoice, master: master).isSettled {
            invoice.state = "paid"
            invoice.paidAt = now
        }
        invoice.updatedAt = now
        invoice.version = Timestamps.version(now, after: invoice.version)
    }
}
