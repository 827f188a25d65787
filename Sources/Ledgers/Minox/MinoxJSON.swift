import Foundation
import KoppelCore

/// What koppel reads from Minox's answers.
enum MinoxRead {
    /// An id Minox may send as a number (ledger accounts, VAT codes, customers) or as text (journals).
    struct ID: Decodable, Hashable {
        var text: String

        init(text: String) {
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    /// An amount in whole cents, read from the number's decimal text (via `Decimal`, never `Double`).
    struct Money: Decodable {
        var cents: Cents

        init(cents: Cents) {
            self.cents = cents
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text: String
            if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = try container.decode(Decimal.self).description
            }
            do {
                cents = try Cents(parsing: text)
            } catch {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not an amount in cents")
            }
        }
    }

    struct Collection<Item: Decodable>: Decodable {
        var collection: [Item]
    }

    struct Reference: Decodable {
        var id: ID
    }

    struct Account: Decodable {
        var id: ID
        var type: String?
        var description: String?
    }

    struct VAT: Decodable {
        var id: ID
        var amount: Money?
    }

    struct Line: Decodable {
        var batch_id: String?
        var entry_number: Int?
        var journal: Reference?
        var account: Account?
        var debit: Money?
        var credit: Money?
        var document_date: String?
        var description: String?
        var invoice_number: Int?
        var vat: VAT?
    }

    struct Batch: Decodable {
        var id: String?
        var collection: [Line]
    }

    struct Named: Decodable {
        var id: ID
        var name: String?
        var description: String?
        var percentage: Money?
        var type: String?
    }

    struct Customer: Decodable {
        struct Address: Decodable {
            struct Email: Decodable { var email_address: String? }
            struct Phone: Decodable { var phone_number: String? }
            var name: String?
            var contact_name: String?
            var streetname_and_number: String?
            var postal_code: String?
            var city: String?
            var country_code: String?
            var phone_numbers: [Phone]?
            var email_addresses: [Email]?
        }
        struct VATInfo: Decodable { var vat_registration_number: String? }
        var id: ID
        var addresses: [Address]?
        var vat: VATInfo?
    }

    struct Receivable: Decodable {
        var account_id: ID?
        var invoice_number: Int?
        var balance: Money?
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        try? JSONDecoder().decode(type, from: data)
    }
}
