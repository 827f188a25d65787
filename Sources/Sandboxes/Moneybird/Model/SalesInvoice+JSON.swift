import Foundation
import SandboxSupport

extension SalesInvoice {
    /// The spec's `sales_invoice_response`; `contact` is embedded as Moneybird does.
    func json(contact: Contact?, master: MasterData) -> JSONValue {
        let totals = InvoiceTotals(invoice: self, master: master)
        // Each amount is formatted once: turning a Decimal into text is the dearest step of a list page.
        let detailJSON = details.enumerated().map { index, detail in
            let lineTotal = JSONValue.string(Money.cents(totals.lineTotalsExclTax[index]))
            return JSONValue.object([
                ("id", .string(detail.id)),
                ("administration_id", .number(administrationID)),
                ("tax_rate_id", .string(detail.taxRateID)),
                ("ledger_account_id", .string(detail.ledgerAccountID)),
                ("project_id", .null),
                ("product_id", .null),
                ("amount", .string(detail.amount)),
                ("amount_decimal", .string(Money.format(Decimal(string: detail.amount) ?? 1))),
                ("description", .string(detail.description)),
                ("price", .string(Money.format(Money.unitPrice(Decimal(string: detail.price) ?? 0)))),
                ("period", .optional(detail.period)),
                ("row_order", .int(detail.rowOrder)),
                ("total_price_excl_tax_with_discount", lineTotal),
                ("total_price_excl_tax_with_discount_base", lineTotal),
                (
                    "tax_report_reference",
                    .array((master.reportReferences[detail.taxRateID] ?? []).map(JSONValue.string))
                ),
                ("mandatory_tax_text", .null),
                ("created_at", .string(Timestamps.iso(detail.createdAt))),
                ("updated_at", .string(Timestamps.iso(detail.updatedAt))),
            ])
        }
        let unpaid = JSONValue.string(Money.cents(totals.totalUnpaid))
        let excl = JSONValue.string(Money.cents(totals.totalExclTax))
        let incl = JSONValue.string(Money.cents(totals.totalInclTax))
        return .object([
            ("id", .string(id)),
            ("administration_id", .number(administrationID)),
            ("contact_id", .string(contactID)),
            ("contact", contact?.json ?? .null),
            ("contact_person_id", .null),
            ("contact_person", .null),
            ("invoice_id", .optional(invoiceID)),
            ("recurring_sales_invoice_id", .null),
            ("subscription_id", .null),
            ("workflow_id", .string(workflowID)),
            ("document_style_id", .string(documentStyleID)),
            ("identity_id", .null),
            ("draft_id", draftID.map(JSONValue.int) ?? .null),
            ("state", .string(state)),
            ("invoice_date", .optional(invoiceDate)),
            ("due_date", .optional(dueDate)),
            ("payment_conditions", .string("")),
            ("payment_reference", .optional(paymentReference)),
            ("short_payment_reference", .null),
            ("reference", .optional(reference)),
            ("language", .string("nl")),
            ("currency", .string(currency)),
            ("discount", .string("0.0")),
            ("original_sales_invoice_id", .optional(originalSalesInvoiceID)),
            ("paused", .bool(false)),
            ("paid_at", .optional(paidAt.map(Timestamps.day))),
            ("sent_at", .optional(sentAt.map(Timestamps.day))),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(updatedAt))),
            ("public_view_code", .null),
            ("public_view_code_expires_at", .null),
            ("version", .int(version)),
            ("details", .array(detailJSON)),
            ("payments", .array(payments.map { $0.json(administrationID: administrationID) })),
            ("total_paid", .string(Money.cents(totals.totalPaid))),
            ("total_unpaid", unpaid),
            ("total_unpaid_base", unpaid),
            ("prices_are_incl_tax", .bool(pricesAreInclTax)),
            ("total_price_excl_tax", excl),
            ("total_price_excl_tax_base", excl),
            ("total_price_incl_tax", incl),
            ("total_price_incl_tax_base", incl),
            ("total_discount", .string("0.0")),
            ("marked_dubious_on", .null),
            ("marked_uncollectible_on", .null),
            ("reminder_count", .int(0)),
            ("next_reminder", .null),
            ("original_estimate_id", .null),
            ("url", .string("http://sandbox.invalid/\(administrationID)/sales_invoices/\(id)")),
            ("payment_url", .null),
            ("custom_fields", .array([])),
            ("notes", .array([])),
            ("attachments", .array([])),
            ("events", .array([])),
            (
                "tax_totals",
                .array(
                    totals.taxTotals.map { rate in
                        let taxable = JSONValue.string(Money.cents(rate.taxableAmount))
                        let tax = JSONValue.string(Money.cents(rate.taxAmount))
                        return .object([
                            ("tax_rate_id", .string(rate.taxRateID)),
                            ("taxable_amount", taxable),
                            ("taxable_amount_base", taxable),
                            ("tax_amount", tax),
                            ("tax_amount_base", tax),
                        ])
                    })
            ),
            ("time_entries", .array([])),
        ])
    }
}

extension Payment {
    /// The spec's `payment_response`.
    func json(administrationID: String) -> JSONValue {
        let amount = JSONValue.string(Money.cents(Decimal(string: price) ?? 0))
        return .object([
            ("id", .string(id)),
            ("administration_id", .number(administrationID)),
            ("invoice_type", .string("SalesInvoice")),
            ("invoice_id", .string(invoiceID)),
            ("financial_account_id", .optional(financialAccountID)),
            ("user_id", .null),
            ("payment_transaction_id", .null),
            ("transaction_identifier", .optional(transactionIdentifier)),
            ("price", amount),
            ("price_base", amount),
            ("payment_date", .string(paymentDate)),
            ("credit_invoice_id", .null),
            ("financial_mutation_id", .null),
            ("ledger_account_id", .optional(ledgerAccountID)),
            ("linked_payment_id", .null),
            ("manual_payment_action", .optional(manualPaymentAction)),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(createdAt))),
        ])
    }
}
