import Foundation

/// Credit invoices: `duplicate_creditinvoice` makes one from a sent invoice, `register_payment_creditinvoice`
/// settles it against the invoice it credits. Sources and guesses: docs/moneybird-arithmetic.md.
extension SalesInvoicesAPI {
    /// `PATCH …/{id}/duplicate_creditinvoice` with `{}` → 200 and a new draft that credits the invoice (spec
    /// operation `patch_administration_id_sales_invoices_id_duplicate_creditinvoice`, example
    /// `CreatesACreditInvoiceForASalesInvoice`). 404 for an unknown id.
    func duplicateCreditInvoice(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError)
        -> APIAnswer
    {
        _ = try request.json()  // The spec's body has no members; it only has to be JSON.
        let now = Date()
        return .ok(
            try sandbox.write { tx in
                let original = try Self.find(tx, id, administration: administration)
                try Self.requireCreditable(original)
                let master = try sandbox.masterData(tx, administration: administration)
                let credit = try Self.creditInvoice(of: original, tx: tx, master: master, now: now)
                try tx.saveInvoice(credit)
                return try Self.render(credit, tx, master: master)
            })
    }

    /// `PATCH …/{id}/register_payment_creditinvoice` with `{}` → 200 and the credit invoice, now paid (spec operation
    /// `patch_administration_id_sales_invoices_id_register_payment_creditinvoice`, its description and example
    /// `RegistersPaymentsForACreditInvoice`): one payment on each invoice, dated today, of the credit's total, so
    /// they settle against each other; the credit's is negative (−363.0 in the example), the original's the
    /// opposite (the description implies it, no example shows it). The invoice must be a credit invoice with an
    /// original, both must accept a payment; otherwise 400 (the spec's documented code; the body is a guess).
    func settleCreditInvoice(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError)
        -> APIAnswer
    {
        _ = try request.json()
        let now = Date()
        return .ok(
            try sandbox.write { tx in
                var credit = try Self.find(tx, id, administration: administration)
                let master = try sandbox.masterData(tx, administration: administration)
                let total = InvoiceTotals(invoice: credit, master: master).totalInclTax
                guard let originalID = credit.originalSalesInvoiceID, total < 0 else {
                    throw SandboxError.badRequest(
                        "Sales invoice is not a credit invoice", symbolic: [("sales_invoice", "not_a_credit_invoice")])
                }
                var original = try Self.find(tx, originalID, administration: administration)
                guard Self.acceptsPayment(credit), Self.acceptsPayment(original) else {
                    throw SandboxError.badRequest(
                        "Both invoices must accept a payment", symbolic: [("sales_invoice", "payment_not_allowed")])
                }
                try Self.settle(&credit, amount: total, tx: tx, master: master, now: now)
                try Self.settle(&original, amount: -total, tx: tx, master: master, now: now)
                try tx.saveInvoice(original)
                try tx.saveInvoice(credit)
                return try Self.render(credit, tx, master: master)
            })
    }

    /// A draft has no number to credit (the credit's first line names it), so it answers 400 (a guess); so does an
    /// uncollectible invoice (help center 207101: "Een oninbare factuur kun je niet dupliceren naar een
    /// creditfactuur"; the answer is a guess).
    static func requireCreditable(_ invoice: SalesInvoice) throws(SandboxError) {
        guard invoice.state != "draft", invoice.invoiceID != nil else {
            throw .badRequest("A draft invoice cannot be credited", symbolic: [("sales_invoice", "draft")])
        }
        guard invoice.state != "uncollectible" else {
            throw .badRequest(
                "An uncollectible invoice cannot be credited", symbolic: [("sales_invoice", "uncollectible")])
        }
    }

    /// A sent invoice with something left to pay.
    static func acceptsPayment(_ invoice: SalesInvoice) -> Bool {
        !["draft", "paid", "uncollectible"].contains(invoice.state)
    }

    /// The credit invoice of `original`, as the spec's example shows it: a draft without number or invoice date,
    /// due after the original's interval from today, with the original's contact, reference, workflow, layout,
    /// currency and price basis, linked by `original_sales_invoice_id`. Its lines are a first line of 0.00
    /// "**Creditfactuur voor factuur 2026-0001**" at the original's first rate and account, then every original
    /// line with its price kept and its amount negated (`300.0` × `-1 x` → −300.0), each one row further down.
    /// Which rate the first line takes when the original has several is a guess.
    static func creditInvoice(
        of original: SalesInvoice, tx: StoreTransaction, master: MasterData, now: Date
    ) throws -> SalesInvoice {
        let id = try tx.nextID()
        let first = original.details.first
        var details = [
            InvoiceDetail(
                id: try tx.nextID(), description: "**Creditfactuur voor factuur \(original.invoiceID ?? "")**",
                price: "0", amount: "1", taxRateID: first?.taxRateID ?? master.defaultSalesTaxRate?.id ?? "",
                ledgerAccountID: first?.ledgerAccountID ?? master.defaultRevenueAccount?.id ?? "", period: nil,
                rowOrder: original.details.map(\.rowOrder).min() ?? 0, createdAt: now, updatedAt: now)
        ]
        for detail in original.details {
            var line = detail
            line.id = try tx.nextID()
            line.amount = (-(Decimal(string: detail.amount) ?? 1)).description
            line.rowOrder = detail.rowOrder + 1
            line.createdAt = now
            line.updatedAt = now
            details.append(line)
        }
        return SalesInvoice(
            id: id, administrationID: original.administrationID, contactID: original.contactID,
            workflowID: original.workflowID, documentStyleID: original.documentStyleID,
            draftID: try tx.next("draft:\(original.administrationID)"), invoiceID: nil, state: "draft",
            reference: original.reference, invoiceDate: nil,
            dueDate: Timestamps.addDays(original.firstDueInterval, to: today()),
            firstDueInterval: original.firstDueInterval, currency: original.currency,
            pricesAreInclTax: original.pricesAreInclTax, paymentReference: nil, details: details, payments: [],
            originalSalesInvoiceID: original.id, sentAt: nil, paidAt: nil, createdAt: now, updatedAt: now,
            version: Timestamps.version(now))
    }

    /// One settlement payment of `amount`, dated today. The spec's example books it on a settlements ledger
    /// account; the sandbox has none, so `ledger_account_id` stays null.
    private static func settle(
        _ invoice: inout SalesInvoice, amount: Decimal, tx: StoreTransaction, master: MasterData, now: Date
    ) throws {
        let payment = Payment(
            id: try tx.nextID(), invoiceID: invoice.id, price: Money.round(amount).description, paymentDate: today(),
            financialAccountID: nil, transactionIdentifier: nil, manualPaymentAction: nil, ledgerAccountID: nil,
            createdAt: now)
        register(payment, on: &invoice, master: master, now: now)
    }
}
