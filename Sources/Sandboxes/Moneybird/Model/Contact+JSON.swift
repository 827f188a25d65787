import Foundation
import SandboxSupport

extension Contact {
    /// The spec's `contact_response`.
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("administration_id", .number(administrationID)),
            ("company_name", .optional(companyName)),
            ("firstname", .optional(firstname)),
            ("lastname", .optional(lastname)),
            ("address1", .optional(address1)),
            ("address2", .optional(address2)),
            ("zipcode", .optional(zipcode)),
            ("city", .optional(city)),
            ("country", .optional(country)),
            ("phone", .optional(phone)),
            ("delivery_method", .string(deliveryMethod)),
            ("customer_id", .string(customerID)),
            ("tax_number", .optional(taxNumber)),
            ("chamber_of_commerce", .optional(chamberOfCommerce)),
            ("bank_account", .optional(bankAccount)),
            ("is_trusted", .bool(false)),
            ("max_transfer_amount", .null),
            ("attention", .optional(attention)),
            ("email", .optional(email)),
            ("email_ubl", .bool(true)),
            ("send_invoices_to_attention", .optional(sendInvoicesToAttention)),
            ("send_invoices_to_email", .optional(sendInvoicesToEmail)),
            ("send_estimates_to_attention", .optional(sendEstimatesToAttention)),
            ("send_estimates_to_email", .optional(sendEstimatesToEmail)),
            ("direct_debit", .bool(false)),
            ("sepa_active", .bool(false)),
            ("sepa_iban", .null),
            ("sepa_iban_account_name", .null),
            ("sepa_bic", .null),
            ("sepa_mandate_id", .null),
            ("sepa_mandate_date", .null),
            ("sepa_sequence_type", .string("RCUR")),
            ("credit_card_number", .null),
            ("credit_card_reference", .null),
            ("credit_card_type", .null),
            ("tax_number_validated_at", .null),
            ("tax_number_valid", .null),
            ("invoice_workflow_id", .null),
            ("estimate_workflow_id", .null),
            ("si_identifier", .null),
            ("si_identifier_type", .null),
            ("moneybird_payments_mandate", .bool(false)),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(updatedAt))),
            ("version", .int(version)),
            ("sales_invoices_url", .string("http://sandbox.invalid/\(administrationID)/sales_invoices/\(id)/all")),
            ("notes", .array([])),
            ("custom_fields", .array([])),
            ("contact_people", .array([])),
            ("archived", .bool(false)),
        ])
    }
}

extension TaxRate {
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("administration_id", .number("0")),
            ("name", .string(name)),
            ("percentage", .string(percentage)),
            ("tax_rate_type", .string(taxRateType)),
            ("show_tax", .bool(showTax)),
            ("active", .bool(active)),
            ("country", .optional(country)),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(createdAt))),
        ])
    }
}

extension LedgerAccount {
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("account_type", .string(accountType)),
            ("account_id", .string(accountID)),
            ("parent_id", .null),
            ("active", .bool(true)),
            ("allowed_document_types", .array(allowedDocumentTypes.map(JSONValue.string))),
            ("financial_account_id", .null),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(createdAt))),
        ])
    }
}

extension Workflow {
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("type", .string(type)),
            ("name", .string(name)),
            ("default", .bool(isDefault)),
            ("currency", .string("EUR")),
            ("language", .string("nl")),
            ("active", .bool(true)),
            ("prices_are_incl_tax", .bool(pricesAreInclTax)),
            ("payment_methods", .array([.string("bank_transfer")])),
            ("collection_method", .null),
            ("show_qr_code", .bool(false)),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(createdAt))),
            ("steps", .array([.object([("due_interval", .int(dueInterval))])])),
        ])
    }
}

extension DocumentStyle {
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("identity_id", .null),
            ("default", .bool(isDefault)),
            ("created_at", .string(Timestamps.iso(createdAt))),
            ("updated_at", .string(Timestamps.iso(createdAt))),
        ])
    }
}

extension Administration {
    var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(name)),
            ("language", .string("nl")),
            ("currency", .string("EUR")),
            ("country", .string("NL")),
            ("time_zone", .string("Europe/Amsterdam")),
            ("access", .string("user")),
            ("suspended", .bool(false)),
            ("period_locked_until", .null),
            ("period_start_date", .string("2020-01-01")),
        ])
    }
}
