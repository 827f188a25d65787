import Foundation
import KoppelCore

/// JSON as koppel writes it to Minox: built by hand so that money goes out as the exact decimal text
/// of its cents ("6.61"), never through a binary floating point number.
indirect enum MinoxJSON {
    case string(String)
    /// A number's literal text.
    case number(String)
    case bool(Bool)
    case array([MinoxJSON])
    case object([(String, MinoxJSON)])

    static func money(_ cents: Cents) -> MinoxJSON { .number(cents.description) }

    var data: Data { Data(text.utf8) }

    var text: String {
        switch self {
        case .string(let value): Self.quoted(value)
        case .number(let value): value
        case .bool(let value): value ? "true" : "false"
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

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
