import Foundation
import KoppelCore

/// What koppel reads from Factuursturen's answers, quirks included (apis-ledgers-shops.md §4.2):
/// totals and flags as strings ("10.92", "true", "0") or as JSON numbers, collections as keyed
/// objects (`line1`, `tax1`) or as `[]` when empty, an unknown invoice answered with the whole list.
enum FactuursturenRead {
    /// A member sent as a string, a number or a boolean, kept as its text. Numbers are read through
    /// `Decimal` (their decimal text), never through `Double`.
    struct Text: Decodable, Equatable {
        var text: String

        init(text: String) {
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = ""
            } else if let string = try? container.decode(String.self) {
                text = string
            } else if let flag = try? container.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else if let whole = try? container.decode(Int64.self) {
                text = String(whole)
            } else {
                text = try container.decode(Decimal.self).description
            }
        }

        /// The amount in cents; nil when the text is empty or no amount.
        var cents: Cents? { try? Cents(parsing: text.trimmingCharacters(in: .whitespaces)) }
    }

    /// A collection as a keyed object (`{"line1": …, "line2": …}`, in key order) or an array (`[]`
    /// when empty [C-one: JFS legacy fixture]).
    struct Keyed<Item: Decodable>: Decodable {
        var items: [Item]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Item].self) {
                items = list
                return
            }
            let members = try container.decode([String: Item].self)
            // "line10" after "line9": by the number the key ends in.
            func number(_ key: String) -> Int { Int(key.drop { !$0.isNumber }) ?? 0 }
            items = members.sorted { number($0.key) < number($1.key) }.map(\.value)
        }
    }

    struct Reference: Decodable {
        var line1: Text?
        var line2: Text?
        var line3: Text?
    }

    /// `{"invoice": {…}}` [C-multi: FSAPI, FHNL].
    struct InvoiceEnvelope: Decodable {
        var invoice: Invoice
    }

    /// The fields koppel reads of an invoice [C-multi: JFS `listInvoiceResponse.json`, FSAPI `invoice.json`].
    struct Invoice: Decodable {
        var invoicenr: Text?
        var id: Text?
        var reference: Reference?
        var lines: Keyed<Line>?
        var tax: Text?
        var totalintax: Text?
        var clientnr: Text?
        var company: Text?
        var contact: Text?
        var address: Text?
        var zipcode: Text?
        var city: Text?
        var country: Text?
        var email: Text?
        var taxnumber: Text?
        var sent: Text?
        var open: Text?
        var paiddate: Text?
        var taxes: Keyed<Tax>?

        /// The number koppel knows the invoice by: `invoicenr`, else `id`.
        var number: String { invoicenr?.text ?? id?.text ?? "" }
    }

    struct Line: Decodable {
        var amount: Text?
        var description: Text?
        var tax_rate: Text?
        var price: Text?
        var linetotal: Text?
    }

    /// VAT of one rate: `sum` over the net `sum_of`.
    struct Tax: Decodable {
        var rate: Text?
        var sum: Text?
        var sum_of: Text?
    }

    /// A client as `search/clients` lists it [C-one: FSAPI `client.json`].
    struct Client: Decodable {
        var clientnr: Text?
        var email: Text?
    }

    /// `GET taxes` [apis.md §2].
    struct TaxRate: Decodable {
        var percentage: Text?
        var type: Text?
        var country: Text?
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        try? JSONDecoder().decode(type, from: data)
    }

    /// A bare number as the body of a 201 (`POST clients`, `POST invoices`): `42`, `"20260001"` [C-multi: FHNL, FSAPI].
    static func bareNumber(_ data: Data) -> String? {
        var text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.count <= 40, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return nil }
        return text
    }
}
