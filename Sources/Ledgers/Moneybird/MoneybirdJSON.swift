import Foundation

/// The parts of Moneybird's JSON koppel writes and reads (official OpenAPI spec, API v2).
/// Ids are 18-digit numbers: kept as strings. Money is a decimal string.
enum MoneybirdJSON {
    struct ContactEnvelope: Encodable {
        var contact: NewContact
    }

    struct NewContact: Encodable {
        var companyName: String?
        var firstname: String
        var lastname: String
        var address1: String
        var zipcode: String
        var city: String
        var country: String
        var phone: String?
        var sendInvoicesToEmail: String
        var taxNumber: String?
        /// New contacts get Manual: Moneybird must not mail the shop's customers on its own.
        var deliveryMethod = "Manual"

        enum CodingKeys: String, CodingKey {
            case companyName = "company_name"
            case firstname, lastname, address1, zipcode, city, country, phone
            case sendInvoicesToEmail = "send_invoices_to_email"
            case taxNumber = "tax_number"
            case deliveryMethod = "delivery_method"
        }
    }

    struct Contact: Decodable, Equatable {
        var id: String
        var companyName: String?
        var firstname: String?
        var lastname: String?
        var address1: String?
        var zipcode: String?
        var city: String?
        var country: String?
        var email: String?
        var sendInvoicesToEmail: String?
        var taxNumber: String?

        enum CodingKeys: String, CodingKey {
            case id
            case companyName = "company_name"
            case firstname, lastname, address1, zipcode, city, country, email
            case sendInvoicesToEmail = "send_invoices_to_email"
            case taxNumber = "tax_number"
        }
    }

    struct InvoiceEnvelope: Encodable {
        var salesInvoice: NewInvoice

        enum CodingKeys: String, CodingKey {
            case salesInvoice = "sales_invoice"
        }
    }

    struct NewInvoice: Encodable {
        var contactID: String
        var reference: String
        var invoiceDate: String
        var currency: String
        var pricesAreInclTax = false
        var workflowID: String?
        var documentStyleID: String?
        var detailsAttributes: [NewDetail]

        enum CodingKeys: String, CodingKey {
            case contactID = "contact_id"
            case reference
            case invoiceDate = "invoice_date"
            case currency
            case pricesAreInclTax = "prices_are_incl_tax"
            case workflowID = "workflow_id"
            case documentStyleID = "document_style_id"
            case detailsAttributes = "details_attributes"
        }
    }

    struct NewDetail: Encodable {
        var description: String
        /// The whole line's net amount; `amount` stays "1" so that no unit price needs more than cents.
        var price: String
        var amount = "1"
        var taxRateID: String?
        var ledgerAccountID: String?

        enum CodingKeys: String, CodingKey {
            case description, price, amount
            case taxRateID = "tax_rate_id"
            case ledgerAccountID = "ledger_account_id"
        }
    }

    struct Invoice: Decodable, Equatable {
        var id: String
        var reference: String?
        var invoiceDate: String?
        var state: String?
        var contact: Contact?
        var totalPriceExclTax: String?
        var totalPriceInclTax: String?
        var taxTotals: [TaxTotal]?
        var version: Int64?
        /// What the customer still owes: total minus payments.
        var totalUnpaid: String?
        /// Set on a credit invoice: the invoice it credits.
        var originalSalesInvoiceID: String? = nil

        enum CodingKeys: String, CodingKey {
            case id, reference, state, contact, version
            case originalSalesInvoiceID = "original_sales_invoice_id"
            case invoiceDate = "invoice_date"
            case totalPriceExclTax = "total_price_excl_tax"
            case totalPriceInclTax = "total_price_incl_tax"
            case taxTotals = "tax_totals"
            case totalUnpaid = "total_unpaid"
        }
    }

    /// `{}`: the body of actions that take no parameters.
    struct EmptyBody: Encodable {}

    struct TaxTotal: Decodable, Equatable {
        var taxRateID: String
        var taxAmount: String

        enum CodingKeys: String, CodingKey {
            case taxRateID = "tax_rate_id"
            case taxAmount = "tax_amount"
        }
    }

    struct SendingEnvelope: Encodable {
        var salesInvoiceSending: Sending

        enum CodingKeys: String, CodingKey {
            case salesInvoiceSending = "sales_invoice_sending"
        }
    }

    struct Sending: Encodable {
        var deliveryMethod: String

        enum CodingKeys: String, CodingKey {
            case deliveryMethod = "delivery_method"
        }
    }

    struct PaymentEnvelope: Encodable {
        var payment: Payment
    }

    struct Payment: Encodable {
        var paymentDate: String
        var price: String

        enum CodingKeys: String, CodingKey {
            case paymentDate = "payment_date"
            case price
        }
    }

    struct Named: Decodable {
        var id: String
        var name: String?
        var percentage: String?
        var accountID: String?
        var accountType: String?
        var taxRateType: String?
        var type: String?
        var country: String?

        enum CodingKeys: String, CodingKey {
            case id, name, percentage, type, country
            case accountID = "account_id"
            case accountType = "account_type"
            case taxRateType = "tax_rate_type"
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
